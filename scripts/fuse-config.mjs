// The Electron fuses Cisgram ships with (flipped in the packaged binary by scripts/fuses.mjs; fuses
// cannot be set at run time). Off: running the binary as plain Node, NODE_OPTIONS, --inspect.
// On: cookie encryption, and — for an app packaged as app.asar — asar integrity and asar-only loading.
export const FUSES = {
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  GrantFileProtocolExtraPrivileges: false,
};

/** Only meaningful when the app is packaged into resources/app.asar. */
export const ASAR_FUSES = {
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
};

/** The fuse map for @electron/fuses' flipFuses (option names resolved against its FuseV1Options). */
export function fuseMap(FuseV1Options, { asar = false } = {}) {
  const wanted = { ...FUSES, ...(asar ? ASAR_FUSES : {}) };
  const out = { version: '1' };
  for (const [name, on] of Object.entries(wanted)) {
    const key = FuseV1Options[name];
    if (key === undefined) throw new Error(`@electron/fuses has no fuse named ${name}`);
    out[key] = on;
  }
  return out;
}
