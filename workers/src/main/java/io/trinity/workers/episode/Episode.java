package io.trinity.workers.episode;

import io.trinity.fitness.task.Task;
import io.trinity.workers.transcript.RolePrompts;

/**
 * One episode to play: a task, the policy that steers it, the role prompts and settings it is played with, and the
 * samples its calls draw.
 */
public record Episode(Task task, Policy policy, RolePrompts prompts, EpisodeSettings settings, Sampling sampling) {}
