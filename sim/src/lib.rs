//! An adversarial, agent-based simulation of LabelChain's labeling market that drives the real
//! runtime (`labelchain-runtime`, with the development preset's genesis): populations of
//! annotator strategies and vendors work through many tasks, and the simulation reports what
//! each strategy earns per label, how accurate the accepted labels are, and how the chain's
//! decisions compare with majority vote and Dawid–Skene on the same votes.
//!
//! - [`model`]: items, ground truth, schemas and how each strategy answers.
//! - [`world`]: the runtime, block by block; calls and their fees.
//! - [`scenario`]: a population at work, and its measurements.
//! - [`aggregate`]: majority vote and Dawid–Skene.
//! - [`catalog`]: the scenarios the issue asks about, and the goals they are held to.
//! - [`report`]: the markdown table and the JSON file.

pub mod aggregate;
pub mod catalog;
pub mod model;
pub mod report;
pub mod scenario;
pub mod world;
