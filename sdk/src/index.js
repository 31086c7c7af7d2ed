// @labelchain/sdk: LabelChain for JavaScript, on polkadot.js.

export { LABELCHAIN_RPC, LABELCHAIN_SIGNED_EXTENSIONS, LABELCHAIN_TYPES, connect } from './chain.js';
export {
  BoundsError, byteLength, checkContentRef, checkItems, checkLabel, checkLabelingCall,
  checkTaskSpec, labelingTx, limitsOf,
} from './bounds.js';
export {
  encodeLabel, goldCommitment, labelCommitment, randomSalt, textLabel, voteCommitment,
} from './commitment.js';
export { JsonFileBackend, MemoryBackend, SecretStore, WebStorageBackend, recordKey } from './salts.js';
export { Annotator, LBL_ASSET_ID, judgementOf, revealsOpen, send } from './annotator.js';
export { ChainAccount } from './account.js';
export { describeDispatchError, explainRefusal } from './errors.js';
export { Vendor, contentDigest, itemProgress } from './vendor.js';
