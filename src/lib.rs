pub mod diagnostic;
pub mod serve;
pub mod yaml;
