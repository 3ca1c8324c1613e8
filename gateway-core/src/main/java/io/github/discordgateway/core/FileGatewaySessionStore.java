package io.github.discordgateway.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.core.JacksonException;

/**
 * Saves sessions as small JSON files in a directory (one per shard and total), for a
 * single instance with a persistent volume. Writes go to a temporary file that is then
 * moved into place, and {@link #take} first moves the file to a name of its own, so two
 * processes can never both take one session. Sessions older than the maximum age are
 * discarded: Discord keeps a session resumable only for a few minutes.
 */
public final class FileGatewaySessionStore implements GatewaySessionStore {

	private static final Logger logger = LoggerFactory.getLogger(FileGatewaySessionStore.class);

	private final Path directory;

	private final Duration maxAge;

	/**
	 * @param directory where sessions are kept (created if missing)
	 * @param maxAge how long a saved session stays worth resuming
	 */
	public FileGatewaySessionStore(Path directory, Duration maxAge) {
		this.directory = directory;
		this.maxAge = maxAge;
	}

	@Override
	public void save(StoredSession session) {
		try {
			Files.createDirectories(this.directory);
			Path temporary = this.directory
				.resolve(fileName(session.shardId(), session.shardTotal()) + "." + UUID.randomUUID() + ".tmp");
			Files.writeString(temporary, session.toJson(), StandardCharsets.UTF_8);
			move(temporary, file(session.shardId(), session.shardTotal()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(
					"Could not save the session of shard " + session.shardId() + " in " + this.directory, ex);
		}
	}

	@Override
	public Optional<StoredSession> take(int shardId, int shardTotal) {
		Path taken = this.directory.resolve(fileName(shardId, shardTotal) + "." + UUID.randomUUID() + ".taken");
		try {
			move(file(shardId, shardTotal), taken);
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not take the session of shard " + shardId + " from " + this.directory,
					ex);
		}
		try {
			StoredSession session = StoredSession.fromJson(Files.readString(taken, StandardCharsets.UTF_8));
			if (session.savedAt().plus(this.maxAge).isBefore(Instant.now())) {
				logger.info("Shard {}: the saved session is older than {} s; identifying instead", shardId,
						this.maxAge.toSeconds());
				return Optional.empty();
			}
			return Optional.of(session);
		}
		catch (IOException | JacksonException | IllegalArgumentException | NullPointerException ex) {
			logger.warn("Shard {}: ignoring an unreadable saved session ({})", shardId, ex.getMessage());
			return Optional.empty();
		}
		finally {
			try {
				Files.deleteIfExists(taken);
			}
			catch (IOException ex) {
				logger.debug("Could not delete {}", taken, ex);
			}
		}
	}

	private Path file(int shardId, int shardTotal) {
		return this.directory.resolve(fileName(shardId, shardTotal) + ".json");
	}

	private static String fileName(int shardId, int shardTotal) {
		return "shard-" + shardId + "-of-" + shardTotal;
	}

	private static void move(Path from, Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	@Override
	public String toString() {
		return "FileGatewaySessionStore[" + this.directory + "]";
	}

}
