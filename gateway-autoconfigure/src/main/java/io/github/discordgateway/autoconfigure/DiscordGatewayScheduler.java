package io.github.discordgateway.autoconfigure;

import java.util.Objects;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The {@link TaskScheduler} that runs the gateway's heartbeats and timers: the
 * application's own scheduler when it has one, otherwise a dedicated one that this holder
 * shuts down with the context. It is deliberately not a {@code TaskScheduler} bean
 * itself, so that it neither becomes the application's {@code @Scheduled} scheduler nor
 * hides Boot's default one.
 */
public final class DiscordGatewayScheduler implements DisposableBean {

	private final TaskScheduler taskScheduler;

	private final boolean dedicated;

	private DiscordGatewayScheduler(TaskScheduler taskScheduler, boolean dedicated) {
		this.taskScheduler = Objects.requireNonNull(taskScheduler, "taskScheduler");
		this.dedicated = dedicated;
	}

	/**
	 * Uses a scheduler owned by someone else (usually the application's
	 * {@code TaskScheduler} bean).
	 * @param taskScheduler the scheduler
	 * @return the holder
	 */
	public static DiscordGatewayScheduler shared(TaskScheduler taskScheduler) {
		return new DiscordGatewayScheduler(taskScheduler, false);
	}

	/**
	 * Uses a scheduler owned by this holder, which initializes it now and shuts it down
	 * on {@link #destroy()}.
	 * @param taskScheduler a configured, not yet initialized scheduler
	 * @return the holder
	 */
	public static DiscordGatewayScheduler dedicated(ThreadPoolTaskScheduler taskScheduler) {
		taskScheduler.initialize();
		return new DiscordGatewayScheduler(taskScheduler, true);
	}

	/** The scheduler to hand to the shard manager. */
	public TaskScheduler getTaskScheduler() {
		return this.taskScheduler;
	}

	/** Whether the scheduler is owned (and shut down) by this holder. */
	public boolean isDedicated() {
		return this.dedicated;
	}

	@Override
	public void destroy() {
		if (this.dedicated && this.taskScheduler instanceof ThreadPoolTaskScheduler scheduler) {
			scheduler.shutdown();
		}
	}

}
