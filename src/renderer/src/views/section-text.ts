// What each screen is for, in the words an empty screen shows a scientist.
export const SECTION_TEXT: Record<string, { title: string; holds: string; first: string }> = {
  data: {
    title: 'Data',
    holds: 'Your training data: sequences from FASTA files, or windows cut from ChIP-seq/ATAC peaks (BED or narrowPeak) on a genome, with negatives and train/validation/test splits. Simulated datasets with known motif grammars live here too.',
    first: 'Import peaks with a genome, import FASTA sequences, or generate a simulated dataset from a motif-grammar recipe.',
  },
  train: {
    title: 'Train',
    holds: 'Training runs of ARGMINN (and baseline models for comparison) on a dataset, watched live: losses, validation auROC/auPRC, throughput and time left. Finished runs keep their test metrics and ROC/PR curves.',
    first: 'Add a dataset on the Data screen, then start a run here (the preset is chosen for you: Standard for your own data, Paper for simulated data).',
  },
  motifs: {
    title: 'Motifs',
    holds: 'One card per learned filter: its motif logo, quality, how often it fires, and its best matches in known-motif databases (JASPAR, HOCOMOCO…) with p, E and q values. Scan sequences with any motif.',
    first: 'Train a model first; its motifs appear here. You can import a motif database (JASPAR, MEME, TRANSFAC, HOMER) at any time.',
  },
  syntax: {
    title: 'Syntax',
    holds: 'The grammar the model learned: for every pair of motifs, preferred spacings and orientations, co-occurrence, and the rules the design canvas uses.',
    first: 'Train a model and call motif instances; the syntax explorer reads them from the model’s attention.',
  },
  variants: {
    title: 'Variants',
    holds: 'Effects of SNVs from a VCF (or paired ref/alt sequences): predicted change, ranked, with the motif instance each variant breaks or creates.',
    first: 'Train a model, then import a VCF with the matching genome.',
  },
  design: {
    title: 'Design',
    holds: 'The design canvas: place motifs into non-functional backgrounds by the learned rules, see the prediction and synthesis constraints after every edit, and generate batches with controls.',
    first: 'Train a model and review its motifs; then start a design from a shuffled background.',
  },
  export: {
    title: 'Export',
    holds: 'Everything that leaves Cisgram: FASTA and GenBank of designs, vendor order sheets (CSV, XLSX), motif files, BED of instances, logos and a self-contained HTML report.',
    first: 'Create designs on the Design screen; they can be exported here.',
  },
};
