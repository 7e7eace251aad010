pub mod diagnostic;
pub mod yaml;
