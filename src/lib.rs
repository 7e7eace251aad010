pub mod diagnostic;
pub mod forms;
pub mod yaml;
