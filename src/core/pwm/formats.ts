// Motif file formats (MEME, JASPAR/.pfm, TRANSFAC, HOMER): one import point for the rest of the app.
export { MotifFormatError, type ParseOptions } from './formats/common';
export { parseMeme, parseMemeTextOutput, writeMeme, type MemeWriteOptions } from './formats/meme';
export { parseJaspar, writeJaspar, type JasparWriteOptions } from './formats/jaspar';
export { parseTransfac, writeTransfac } from './formats/transfac';
export { parseHomer, writeHomer } from './formats/homer';
export { detectMotifFormat, parseMotifs, writeMotifs, type MotifFormat, type ParseMotifsOptions } from './formats/detect';
