// train.start's `overrides` must name settings that exist: the config schema alone would drop an
// unknown key silently (and the run would store it as if it had been applied). Walks the overrides
// against TrainConfigSchema's shape, nested objects included, and lists every unknown dotted path.
export { unknownOverrideKeys, unknownOverridesMessage } from '../../shared/train-config';
