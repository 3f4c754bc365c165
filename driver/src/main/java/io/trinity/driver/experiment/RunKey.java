package io.trinity.driver.experiment;

import io.trinity.driver.config.TrainingConfig;

/**
 * One training of an experiment: a cell at a seed, its training config (the base with the cell's keys and the seed
 * set), that config's YAML as run, and its folder.
 */
record RunKey(Cell cell, long seed, TrainingConfig config, String yaml, String location) {}
