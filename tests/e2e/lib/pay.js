// The labeling pallet's pay rule (pallets/labeling/src/payout.rs), written again in BigInt
// integer arithmetic so that end-to-end tests can say what the chain must pay for a given set of
// votes. Scores are in millionths; labels here are class numbers (categorical tasks).

const ONE = 1_000_000n;
const MIN_CHANCE_SAMPLES = 4n;
export const INITIAL_MEAN_SCORE = 300_000n;
const MIN_MEAN_SCORE = 150_000n;

const div = (a, b) => a / b; // BigInt division truncates toward zero, as Rust's does.

/// The chance estimate of `label` on `item` among `samples` ([item, label] of every reveal of
/// the task so far, at most the last 16): reveals on other items that agree with it, plus one
/// agreeing pseudo-sample, plus the 1/classes prior filling up to four samples.
export function chanceOf(classes, label, item, samples) {
  const others = samples.slice(-16).filter(([i]) => i !== item);
  const n = BigInt(others.length);
  const hits = BigInt(others.filter(([, l]) => l === label).length);
  const fill = n >= MIN_CHANCE_SAMPLES ? 0n : MIN_CHANCE_SAMPLES - n;
  const prior = ONE / BigInt(classes);
  const p = div((hits + 1n) * ONE + fill * prior, n + 1n + fill);
  return p > ONE ? ONE : p;
}

/// The normalized score of label `i` of `votes` (class numbers of one item, every seat that
/// revealed): the share of its peers that agree minus its chance estimate, over the task's
/// running mean score.
export function scoreOf(classes, votes, i, item, samples, mean = INITIAL_MEAN_SCORE) {
  const peers = BigInt(votes.length - 1);
  const agreeing = BigInt(votes.filter((l, j) => j !== i && l === votes[i]).length);
  const hit = div(agreeing * ONE, peers);
  const raw = hit - chanceOf(classes, votes[i], item, samples);
  const m = mean > MIN_MEAN_SCORE ? mean : MIN_MEAN_SCORE;
  return div(raw * ONE, m);
}

/// What a (non-gold) label of normalized `score` is paid: `score` × reward, capped at
/// `capPercent` % of it; nothing for a score ≤ 0.
export function payFor(score, reward, capPercent = 200n) {
  if (score <= 0n) return 0n;
  const cap = (capPercent * ONE) / 100n;
  return div((score < cap ? score : cap) * reward, ONE);
}

/// What a negative `score` slashes of `collateral`: |score| × reward / (cap × (reward + bonus))
/// of it (a Perbill, rounded down), at most all of it.
export function slashFor(score, reward, bonus, collateral, capPercent = 200n) {
  if (score >= 0n) return 0n;
  const numerator = -score * reward * 100n;
  const denominator = ONE * capPercent * (reward + bonus);
  if (numerator >= denominator) return collateral;
  const perbill = (numerator * 1_000_000_000n) / denominator;
  return (perbill * collateral) / 1_000_000_000n;
}
