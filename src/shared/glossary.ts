// The glossary: every term the workbench shows (metrics, settings, columns), in plain words, with
// what a good value looks like. The one source of truth for the ⓘ tooltips and the glossary panel
// (renderer) — a term is explained here once and looked up everywhere by its id.

export interface GlossaryTerm {
  /** Stable id the screens refer to (e.g. 'auroc'). */
  id: string;
  /** The word as the screens show it. */
  term: string;
  /** Other spellings a search should find. */
  aka?: string[];
  /** One sentence, plain language: shown in the ⓘ tooltip. */
  short: string;
  /** What a good value looks like (optional: not every term is a number). */
  good?: string;
  /** Where the term appears, for grouping the glossary. */
  area: 'Training' | 'Penalties' | 'Motifs' | 'Matches' | 'Comparison' | 'Syntax' | 'Variants' | 'Design';
}

export const GLOSSARY: GlossaryTerm[] = [
  // ---- training ----
  { id: 'epoch', term: 'Epoch (round)', aka: ['epochs', 'round'], area: 'Training', short: 'One pass of learning over the training sequences; a run learns for a set number of rounds.', good: 'More rounds learn more but take longer; the run keeps the round that scored best on validation.' },
  { id: 'preset', term: 'Preset', area: 'Training', short: 'A ready-made set of every training setting: Quick for a first look, Standard for your own data, Paper for the published regime.', good: 'Keep the preset unless you know why a setting should change.' },
  { id: 'split', term: 'Train / validation / test split', aka: ['validation', 'test split', 'held-out'], area: 'Training', short: 'Sequences the model learns from (train), checks itself on while learning (validation), and is scored on once at the end (test, never seen).', good: 'Only test numbers say how the model does on new data.' },
  { id: 'accuracy', term: 'Accuracy', area: 'Training', short: 'Share of held-out sequences the model labels correctly when it calls everything above 50 % "bound".', good: '0.5 is a coin toss on balanced data; above 0.8 is useful. Misleading when positives are rare: read auROC/auPRC.' },
  { id: 'auroc', term: 'auROC', aka: ['AUC', 'ROC', 'area under the ROC curve'], area: 'Training', short: 'The chance that the model scores a random bound sequence above a random unbound one (area under the ROC curve).', good: '0.5 = guessing, 0.7 = some signal, above 0.85 = good, above 0.95 = excellent.' },
  { id: 'auprc', term: 'auPRC', aka: ['PR', 'precision–recall', 'average precision'], area: 'Training', short: 'Area under the precision–recall curve: how pure the top-ranked sequences are as you accept more of the bound ones.', good: 'Guessing gives the share of positives (0.5 on balanced data); closer to 1 is better. Read it when positives are rare.' },
  { id: 'roc-curve', term: 'ROC curve', area: 'Training', short: 'For every cut-off: the share of bound sequences found (up) against the share of unbound ones wrongly called bound (right).', good: 'A curve hugging the top-left corner; the dashed diagonal is guessing.' },
  { id: 'pr-curve', term: 'Precision–recall curve', area: 'Training', short: 'For every cut-off: how many calls are right (precision, up) against how many bound sequences are found (recall, right).', good: 'A curve staying high to the right; the dashed line is guessing.' },
  { id: 'loss', term: 'Loss (training / validation)', aka: ['training loss', 'validation loss'], area: 'Training', short: 'How wrong the model still is: the prediction loss plus the penalties; it should fall as the model learns.', good: 'Falling, then flat. Validation loss rising while training loss falls means over-learning the training set.' },
  { id: 'bce', term: 'BCE (prediction loss)', aka: ['binary cross-entropy', 'prediction loss'], area: 'Training', short: 'Binary cross-entropy: how far the predicted probabilities are from the true bound/unbound labels.', good: '0.69 is guessing on balanced data; lower is better (0.3 is good, near 0 may mean over-learning).' },
  { id: 'unweighted', term: 'Unweighted (penalty curve)', area: 'Training', short: 'The penalty’s raw size, before it is multiplied by its weight λ; drawn from the round its λ rises above 0.', good: 'Should fall while its λ ramps up.' },
  { id: 'seq-per-s', term: 'Speed (sequences/s)', area: 'Training', short: 'How many training sequences the computer processes per second.', good: 'Hundreds to a few thousand on a laptop; longer sequences are slower.' },
  { id: 'eta', term: 'Time left', aka: ['ETA'], area: 'Training', short: 'An estimate from the speed of the rounds done so far; it says "estimating" until the first round ends.', good: 'Usually right within a factor of 1.5; runs that stop early finish sooner.' },
  { id: 'early-stopping', term: 'Early stopping / best epoch', aka: ['best epoch', 'stopped early'], area: 'Training', short: 'Training stops when the validation score has not improved for a while, and the model from the best round is kept.', good: 'A best epoch well before the last one is normal.' },
  { id: 'seed', term: 'Seed', area: 'Training', short: 'The number that fixes every random choice, so a run can be repeated exactly; different seeds show how much results vary.', good: 'Any number; compare 3 seeds before trusting a difference.' },
  { id: 'backend', term: 'Compute backend', aka: ['Compute'], area: 'Training', short: 'Which engine does the arithmetic on this computer (wasm = portable, tensorflow = faster native).', good: 'Does not change results, only speed.' },
  { id: 'training-time', term: 'Training time', area: 'Training', short: 'Wall-clock time the run spent learning on this computer.', good: 'Only meaningful for comparing models on the same computer.' },
  { id: 'peak-memory', term: 'Peak memory', area: 'Training', short: 'The most memory the training engine used at once.', good: 'Well below the computer’s memory.' },
  { id: 'parameters', term: 'Parameters', area: 'Training', short: 'How many numbers the model learns; more can fit more but needs more data.', good: 'Only meaningful for comparing models.' },
  // ---- penalties and schedule ----
  { id: 'lambda', term: 'λ (penalty weight)', aka: ['lambda', 'penalty schedule'], area: 'Penalties', short: 'How strongly a penalty counts against the prediction loss; the schedule raises it gradually during training.', good: 'Follows the plan of the preset; the chart shows it on a log scale.' },
  { id: 'warmup', term: 'Warm-up', aka: ['warm-up'], area: 'Penalties', short: 'The first rounds, with every penalty off, so the model first learns to predict at all.', good: 'Real data may need a longer warm-up (Standard extends it until learning plateaus).' },
  { id: 'ramp', term: 'Ramp', area: 'Penalties', short: 'The rounds in which the penalties are raised step by step, pushing each filter towards one clean, separate motif.', good: 'Accuracy may dip a little while the penalties rise; it should recover.' },
  { id: 'importance-discovery', term: 'Importance discovery', aka: ['TF-MoDISco', 'seqlets'], area: 'Comparison', short: 'The usual way to read motifs from a standard CNN, shown beside ARGMINN as the paper does: importance scores (DeepSHAP-style) on held-out positives, the high-importance stretches (seqlets) clustered into motifs. Its motifs are judged with the same rules as filters (recovered, redundancy, extraneous), and its seqlets are scored as instance calls. Computed on standard-CNN rows of simulated data.', good: 'Every planted motif recovered, redundancy near 1, extraneous 0.' },
  { id: 'filter-activity', term: 'Filter activity', area: 'Training', short: 'How strongly each motif filter responds across sequences (the spread of its activation), measured after every round. The penalties shrink filters the prediction does not need; a filter whose line falls to the bottom of the chart has gone silent.', good: 'One line per motif you expect stays up in the hold rounds; a few lines falling is the pruning the penalties are for; every line falling means the model is losing its motifs (choose the best round, or the Standard preset).' },
  { id: 'hold', term: 'Hold', area: 'Penalties', short: 'The last rounds, with the penalties at full strength, so the motifs settle.', good: 'Validation scores flat or rising.' },
  { id: 'lambda-ovl', term: 'Overlap penalty (λ_ovl)', aka: ['filter overlap', 'overlap'], area: 'Penalties', short: 'Penalises two filters that fire on the same positions, so each filter learns a different motif.', good: 'The unweighted overlap should fall during the ramp.' },
  { id: 'lambda-l1', term: 'Sparsity penalty (λ_L1)', aka: ['L1', 'filter weight L1'], area: 'Penalties', short: 'Penalises large filter weights, so filters not needed fade out and the rest become crisp motifs.', good: 'The unweighted L1 should fall during the ramp.' },
  { id: 'lambda-ent', term: 'Attention-sharpness penalty (λ_ent)', aka: ['entropy penalty'], area: 'Penalties', short: 'Pushes each attention head to look at a few positions instead of smearing over the sequence.', good: 'Only in the Paper regime; attention entropy should fall.' },
  { id: 'attention-entropy', term: 'Attention entropy', area: 'Penalties', short: 'How spread out the model’s attention is: high means it looks everywhere, low means it focuses on a few sites.', good: 'Falling during training; lower means sharper motif calls.' },
  // ---- motifs ----
  { id: 'filter', term: 'Filter', area: 'Motifs', short: 'One short pattern detector the model learns; each becomes a motif card.', good: 'A useful filter looks like a known binding motif.' },
  { id: 'ic', term: 'IC (information content)', aka: ['bits', 'mean IC'], area: 'Motifs', short: 'How specific a motif position is, in bits: 2 means one base only, 0 means any base.', good: 'A real motif has a mean of 1 bit or more per position after trimming.' },
  { id: 'trimmed', term: 'Trimmed length', aka: ['trimmed'], area: 'Motifs', short: 'The motif’s length after cutting uninformative (low-IC) positions off both ends.', good: '5 bp or more for a motif that passes; most TF motifs are 6–20 bp.' },
  { id: 'passes', term: 'Passes (quality rule)', aka: ['passing', 'low quality', 'quality rule'], area: 'Motifs', short: 'A motif passes when it is informative (trimmed length ≥ 5 bp, mean IC ≥ 1 bit), used (fires in ≥ 5% of positives, ≥ 20 sites) and enriched in positives over negatives (Fisher p < 0.01); the card says which condition failed.', good: 'Several passing motifs; a card that fails is often a filter the penalties switched off or one firing as much in negatives.' },
  { id: 'unused', term: 'Unused', area: 'Motifs', short: 'A filter that (almost) never fires on the data, so it contributes nothing.', good: 'Some unused filters are normal: the sparsity penalty switches spare ones off.' },
  { id: 'fires', term: 'Fires in positives / negatives', aka: ['fires'], area: 'Motifs', short: 'The share of bound (positive) and unbound (negative) sequences in which the filter finds a site.', good: 'Much higher in positives than in negatives.' },
  { id: 'rc-twin', term: 'Reverse-complement twin', aka: ['twin', 'rc'], area: 'Motifs', short: 'Two filters that learned the same motif, one on each DNA strand; shown as one motif card with its member filters (so are shifted or partial copies).', good: 'Harmless; the card lists the filters that learned it.' },
  { id: 'logo', term: 'Motif logo', area: 'Motifs', short: 'A picture of the motif: letter height shows how strongly each base is preferred at each position.', good: 'Tall, clean letters at the core.' },
  { id: 'weights', term: 'Filter weights', area: 'Motifs', short: 'The raw numbers the filter multiplies each base by (above the line = preferred, below = avoided).', good: 'Should resemble the logo.' },
  // ---- matches ----
  { id: 'similarity', term: 'Similarity (Pearson / Euclidean / Sandelin–Wasserman)', aka: ['Pearson', 'Euclidean', 'Sandelin'], area: 'Matches', short: 'How a learned motif is compared column by column with a known motif from the database.', good: 'Pearson is the usual choice (as TomTom).' },
  { id: 'p-value', term: 'p (p-value)', aka: ['p'], area: 'Matches', short: 'The chance that an unrelated motif would look at least this similar.', good: 'Small is good: below 0.001 is a convincing match.' },
  { id: 'e-value', term: 'E (E-value)', aka: ['E'], area: 'Matches', short: 'How many database motifs you would expect to match this well by chance (p times the number compared).', good: 'Below 0.05 is a convincing match; above 1 is chance.' },
  { id: 'q-value', term: 'q (q-value)', aka: ['q', 'FDR'], area: 'Matches', short: 'The share of false matches you accept if you trust every match down to this one (false discovery rate).', good: 'Below 0.05 is a confident match.' },
  { id: 'offset', term: 'Offset / alignment', area: 'Matches', short: 'How the learned motif is shifted and turned against the known one to line them up.', good: 'Only needed to read the aligned logos.' },
  // ---- comparison ----
  { id: 'used', term: 'Filters used', aka: ['used'], area: 'Comparison', short: 'Filters that fire in at least 5 % of the bound sequences and more often than in the unbound ones — or, for a repressor’s motif, in at least 5 % of the unbound ones and more often there.', good: 'About as many as there are real motifs; the rest should be switched off.' },
  { id: 'relevant-recovered', term: 'Motifs recovered (relevant recovered)', aka: ['relevant', 'recovered', 'relevant recovered'], area: 'Comparison', short: 'How many of the true (planted or known) motifs at least one used filter learned.', good: 'All of them: e.g. 2 of 2 planted motifs.' },
  { id: 'redundancy', term: 'Redundancy', area: 'Comparison', short: 'Used filters per recovered motif (a filter and its reverse-complement twin count once).', good: '1 = each motif learned once; higher = the same motif learned several times.' },
  { id: 'extraneous', term: 'Extraneous', area: 'Comparison', short: 'Used filters that match no true motif: patterns the model uses that are not a known binding site.', good: '0 is best.' },
  { id: 'truth-similarity', term: 'Similarity to truth', area: 'Comparison', short: 'Simulated data: how closely the best learned motif resembles each planted motif (column correlation, averaged).', good: '1 = identical; above 0.8 is a good recovery.' },
  { id: 'p80', term: 'Precision at recall 0.8', aka: ['precision at 80% recall'], area: 'Comparison', short: 'Of the motif sites called when 80 % of the true sites are found, the share that are real.', good: '1 = no false calls; empty when the caller never finds 80 % of the sites.' },
  { id: 'top-k-recall', term: 'Top-k recall', aka: ['top-k', 'recall at k'], area: 'Comparison', short: 'The share of true sites found among as many best calls as there are true sites.', good: '1 = the best calls are exactly the true sites.' },
  { id: 'fimo', term: 'FIMO', area: 'Comparison', short: 'A classic scan for motif sites by PWM score alone, used here as a yardstick for the model’s own calls.', good: 'A model doing better than FIMO with its own motifs is using context.' },
  { id: 'rule-found', term: 'Planted rule found', area: 'Comparison', short: 'Simulated data: whether the syntax explorer found the spacing/orientation rule that was planted (1 = yes).', good: '1; a mean over seeds is the share of seeds that found it.' },
  { id: 'attribution-prior', term: 'Attribution prior', aka: ['prior', 'TV', 'Fourier'], area: 'Comparison', short: 'An extra penalty during training that makes importance scores smooth (TV) or low-frequency (Fourier).', good: 'Smoother importance, same or better auROC.' },
  { id: 'high-freq', term: 'Attribution high-frequency share', area: 'Comparison', short: 'The share of the importance profile that flips quickly from base to base (noise).', good: 'Lower is smoother, cleaner importance.' },
  { id: 'attr-entropy', term: 'Attribution entropy', area: 'Comparison', short: 'How spread out the importance scores are over the sequence, in bits.', good: 'Lower = concentrated on fewer bases (the motifs).' },
  { id: 'importance', term: 'Importance scores', aka: ['attribution', 'saliency'], area: 'Comparison', short: 'How much each base changes the prediction; tall letters mark the bases the model relies on.', good: 'Peaks at the motif sites, flat elsewhere.' },
  { id: 'importance-method', term: 'Importance method (integrated gradients, DeepSHAP, gradient × input)', aka: ['integrated gradients', 'DeepSHAP', 'method'], area: 'Comparison', short: 'How the importance of each base is computed: by comparing the sequence with neutral reference sequences and adding up the model’s response along the way.', good: 'Integrated gradients and DeepSHAP agree on good models; use either.' },
  { id: 'ig-reference', term: 'Reference (importance)', aka: ['references', 'steps'], area: 'Comparison', short: 'The "neutral" sequence(s) importance is measured against (e.g. shuffled copies), and how many steps the comparison takes.', good: 'The defaults; more steps or references are smoother but slower.' },
  { id: 'prior-settings', term: 'Prior cut-off T, softness c, smoothing σ', aka: ['cut-off', 'softness', 'smoothing'], area: 'Comparison', short: 'Settings of the Fourier prior: which frequencies count as noise (above T), how sharply, and how much the profile is smoothed first.', good: 'The defaults (T ≈ L/7, c = 0.2, σ = 3) from the paper.' },
  { id: 'mean-sd', term: 'Mean ± sd', area: 'Comparison', short: 'The average over seeds, and how much the seeds differ (standard deviation).', good: 'A small sd; differences smaller than the sd are not real.' },
  // ---- syntax ----
  { id: 'instance', term: 'Instance (call)', aka: ['call', 'calls'], area: 'Syntax', short: 'One place in one sequence where the model says a motif sits.', good: 'Mostly in bound sequences; a top call in a shuffled negative is a false alarm.' },
  { id: 'attention', term: 'Attention', area: 'Syntax', short: 'Where in the sequence the model looks when it decides; a call needs both the filter to fire and the attention to be there.', good: 'Peaks on motif sites.' },
  { id: 'activation', term: 'Activation', area: 'Syntax', short: 'How strongly the filter matches the bases at that position.', good: 'Higher = closer to the motif.' },
  { id: 'score', term: 'Score (instance)', area: 'Syntax', short: 'Activation divided by the motif’s calling threshold: above 1 is a call.', good: 'Well above 1.' },
  { id: 'head', term: 'Attention head ("L1H2")', aka: ['L1H2', 'layer', 'head'], area: 'Syntax', short: 'One of the model’s parallel attention "readers"; "L1H2" means layer 1, head 2 — the one that couples this motif pair.', good: 'A rule carried by one head is a clear, learned rule.' },
  { id: 'cooccurrence', term: 'Co-occurrence', aka: ['co-occurrence matrix'], area: 'Syntax', short: 'How often two motifs are called together in the same bound sequence, against unbound ones.', good: 'Enrichment well above 1 for pairs that work together.' },
  { id: 'enrichment', term: 'Enrichment', area: 'Syntax', short: 'How many times more often something happens in bound sequences than in controls.', good: '1 = no preference; 2× or more is notable.' },
  { id: 'support', term: 'Support', area: 'Syntax', short: 'How many sequences show this arrangement.', good: 'More support, more trust: a few dozen at least.' },
  { id: 'spacing', term: 'Spacing / gap (bp)', aka: ['gap'], area: 'Syntax', short: 'The distance in bases between the end of one motif and the start of the next.', good: 'A sharp peak in the histogram = a preferred spacing.' },
  { id: 'orientation', term: 'Orientation', area: 'Syntax', short: 'Whether the two motifs read on the same strand (→→) or on opposite strands (→←, ←→).', good: 'One orientation much more common than the others = a rule.' },
  { id: 'rule', term: 'Rule', aka: ['rules'], area: 'Syntax', short: 'A learned arrangement: motif A then motif B, in this orientation, at this spacing; the design canvas follows saved rules.', good: 'High enrichment, good support and a small p.' },
  { id: 'shuffled-negative', term: 'Shuffled negative', aka: ['negative'], area: 'Syntax', short: 'A control sequence made by shuffling a real one: same letters, no real motifs.', good: 'Should get few and weak calls; a strong call there is flagged as a likely false alarm.' },
  // ---- variants ----
  { id: 'p-ref', term: 'p(ref) / p(alt)', aka: ['p(ref)', 'p(alt)', 'probability'], area: 'Variants', short: 'The model’s predicted probability of binding with the reference base and with the variant base, read on both DNA strands and averaged (unless scoring was set to one strand).', good: 'Near 1 = bound, near 0 = unbound. The track’s headline is the same both-strand value; its “forward alone” figure is the one strand only, which is why it can differ a little.' },
  { id: 'delta', term: 'Δ (effect)', aka: ['delta', 'effect', 'log-odds change'], area: 'Variants', short: 'How much the variant changes the prediction (alt minus ref); negative = weakens binding.', good: 'Near 0 = no effect; large in either direction = a candidate causal variant.' },
  { id: 'breaks-creates', term: 'Breaks / creates a site', area: 'Variants', short: 'Whether the variant destroys a motif instance the model called, or makes a new one.', good: 'A variant with a large Δ that breaks a site is the easiest to explain.' },
  // ---- design ----
  { id: 'design-score', term: 'Design score (predicted probability)', aka: ['prediction'], area: 'Design', short: 'The model’s predicted probability that the designed sequence is bound.', good: 'Higher than the background’s starting score; near 1 for a strong design.' },
  { id: 'background', term: 'Background', area: 'Design', short: 'The starting sequence the motifs are placed into, meant to contain no signal for the model.', good: 'A low starting score and no motif calls.' },
  { id: 'gc', term: 'GC content', aka: ['GC'], area: 'Design', short: 'The share of G and C bases; DNA synthesis vendors accept a limited range.', good: 'Usually 25–65 %, as the vendor profile says.' },
  { id: 'homopolymer', term: 'Homopolymer', area: 'Design', short: 'A run of the same base (e.g. AAAAAAA), hard to synthesise.', good: 'Shorter than the vendor profile’s limit.' },
  { id: 'vendor-profile', term: 'Vendor profile', aka: ['profile'], area: 'Design', short: 'The synthesis company’s rules (length, GC, repeats, forbidden sites) that designs are checked against and exported for.', good: 'Every design passes the chosen profile.' },
  { id: 'rules-track', term: 'Rules track', area: 'Design', short: 'The bar under the sequence marking each placed motif pair that follows a saved rule (green) or breaks it (red).', good: 'Green: the arrangement the model learned.' },
];

const byId = new Map(GLOSSARY.map((t) => [t.id, t]));

/** The glossary entry for an id; throws on a typo so a screen cannot show an empty ⓘ. */
export function glossaryTerm(id: string): GlossaryTerm {
  const t = byId.get(id);
  if (!t) throw new Error(`No glossary term “${id}”.`);
  return t;
}

/** The tooltip text of a term: its sentence, then what a good value looks like. */
export function glossaryTip(id: string): string {
  const t = glossaryTerm(id);
  return t.good ? `${t.short} Good: ${t.good}` : t.short;
}

/** Compare-table column keys (core/compare/store.ts) → glossary ids. */
export const COMPARE_COLUMN_TERMS: Record<string, string> = {
  accuracy: 'accuracy', auroc: 'auroc', auprc: 'auprc', passing: 'passes', used: 'used', relevant: 'relevant-recovered',
  redundancy: 'redundancy', extraneous: 'extraneous', truthSimilarity: 'truth-similarity',
  p80: 'p80', recallAtN: 'top-k-recall', attP80: 'p80', attRecallAtN: 'top-k-recall',
  fimoModelP80: 'fimo', fimoModelRecallAtN: 'fimo', fimoTrueP80: 'fimo', fimoTrueRecallAtN: 'fimo',
  ruleFound: 'rule-found', discRecovered: 'importance-discovery', discRedundancy: 'importance-discovery', discExtraneous: 'importance-discovery', discP80: 'importance-discovery', highFreq: 'high-freq', entropy: 'attr-entropy', trainSeconds: 'training-time', params: 'parameters', peakRssMb: 'peak-memory',
};
