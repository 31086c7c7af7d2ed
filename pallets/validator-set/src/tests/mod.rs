//! Unit tests of the validator set.

mod set;
