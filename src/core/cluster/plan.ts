// A sweep as the tasks of one Slurm array: every dataset × model kind × preset × seed, in that order,
// numbered from 0 (the array index). Each task trains exactly what train.start would with the same
// dataset, model, preset and overrides plus the seed.
import type { ClusterSweep, ClusterTask } from '../../shared/api/cluster';
import { MAX_CLUSTER_TASKS } from '../../shared/api/cluster';

export function sweepTasks(sweep: ClusterSweep, datasetNames: Map<number, string>): ClusterTask[] {
  const tasks: ClusterTask[] = [];
  const uniq = <T>(xs: T[]) => [...new Set(xs)];
  for (const datasetId of uniq(sweep.datasetIds))
    for (const model of uniq(sweep.models))
      for (const preset of uniq(sweep.presets))
        for (const seed of uniq(sweep.seeds)) {
          const ds = datasetNames.get(datasetId) ?? `dataset ${datasetId}`;
          tasks.push({
            index: tasks.length, datasetId, model, preset, seed,
            overrides: { ...sweep.overrides, seed },
            name: `${ds} · ${model} ${preset} · seed ${seed} · ${sweep.name}`,
          });
        }
  if (tasks.length > MAX_CLUSTER_TASKS) throw new Error(`This sweep makes ${tasks.length} tasks; one array holds at most ${MAX_CLUSTER_TASKS}. Use fewer seeds, presets or model kinds.`);
  return tasks;
}
