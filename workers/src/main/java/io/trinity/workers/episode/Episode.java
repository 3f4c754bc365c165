package io.trinity.workers.episode;

import io.trinity.fitness.task.Task;
import io.trinity.gateway.api.ChatMessage;
import io.trinity.workers.transcript.RolePrompts;
import java.util.List;

/**
 * One episode to play: a task, the policy that steers it, the role prompts and settings it is played with, and the
 * samples its calls draw. {@code context} is conversation that came before the task (a served chat's system
 * message and earlier messages): every pool call carries it between the role prompt and the task, and the policy
 * never sees it. Training and evaluation have none.
 */
public record Episode(Task task, Policy policy, RolePrompts prompts, EpisodeSettings settings, Sampling sampling,
    List<ChatMessage> context) {

  public Episode {
    context = context == null ? List.of() : List.copyOf(context);
  }

  /** An episode without context. */
  public Episode(Task task, Policy policy, RolePrompts prompts, EpisodeSettings settings, Sampling sampling) {
    this(task, policy, prompts, settings, sampling, List.of());
  }
}
