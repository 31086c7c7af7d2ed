// @labelchain/sdk: LabelChain for JavaScript, on polkadot.js.

export { LABELCHAIN_RPC, LABELCHAIN_TYPES, connect } from './chain.js';
export {
  BoundsError, byteLength, checkContentRef, checkItems, checkLabel, checkLabelingCall,
  checkTaskSpec, labelingTx, limitsOf,
} from './bounds.js';
export {
  encodeLabel, goldCommitment, labelCommitment, randomSalt, textLabel, voteCommitment,
} from './commitment.js';
export { JsonFileBackend, MemoryBackend, SecretStore, WebStorageBackend, recordKey } from './salts.js';
export { Annotator, revealsOpen, send } from './annotator.js';
