// FIMO's default p-value threshold, defined once: the default of the scan command and job, of the
// PWM toolkit's scanner (src/core/pwm/fimo.ts), of the Scan panel, and the design batch's
// strong-match check.
export const DEFAULT_SCAN_P = 1e-4;
