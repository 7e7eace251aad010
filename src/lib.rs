pub mod check;
pub mod diagnostic;
pub mod yaml;
