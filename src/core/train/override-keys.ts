// Which train.start override keys are settings: defined with the config schema in the contract
// (src/shared/train-config.ts, where train.start's overrides field uses it); re-exported for the engine.
export { unknownOverrideKeys, unknownOverridesMessage } from '../../shared/train-config';
