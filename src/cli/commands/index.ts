// Every command of the headless engine, in the order `cisgram --help` lists them.
import type { Command } from '../command';
import { datasetsCommand, importCommand, simulateCommand } from './data';
import { jobsCommand, presetsCommand, resumeCommand, runsCommand, trainCommand } from './train';
import { clusterCommand, exportCommand } from './cluster';
import { evaluateCommand, libraryCommand, motifsCommand, paperCommand } from './analysis';

export const COMMANDS: Command[] = [
  importCommand,
  simulateCommand,
  datasetsCommand,
  trainCommand,
  runsCommand,
  exportCommand,
  presetsCommand,
  evaluateCommand,
  motifsCommand,
  paperCommand,
  clusterCommand,
  libraryCommand,
  jobsCommand,
  resumeCommand,
];
