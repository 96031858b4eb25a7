// The motif value every module passes around: a position probability matrix in A,C,G,T order.

export interface Motif {
  /** Stable identifier within its source (e.g. JASPAR matrix ID "MA0080.5"). */
  id: string;
  /** Human name (e.g. "SPI1"); may equal id. */
  name: string;
  /** width × 4 probabilities, rows sum to 1 (A,C,G,T). */
  probs: number[][];
  /** Number of sites behind the matrix when known (counts formats), else undefined. */
  nsites?: number;
  /** Where it came from: file name, database, or "filter:<run>:<index>". */
  source?: string;
  /** Free annotations carried through formats that have them (URL, consensus, class…). */
  meta?: Record<string, string>;
}
