package io.trinity.gateway.cache;

import io.trinity.gateway.pool.ProviderReply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The embedded cache: one SQLite file (WAL mode, so several gateways on one machine can share it, for example
 * a run and its resumed run). One connection, used under a lock: SQLite serialises writers anyway, and a lookup
 * takes microseconds.
 */
public final class SqliteResponseCache implements ResponseCache {

    private final Path file;
    private final Connection connection;
    private final PreparedStatement select;
    private final PreparedStatement insert;
    private final PreparedStatement count;

    public SqliteResponseCache(Path file) {
        this.file = file;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL");
                s.execute("CREATE TABLE IF NOT EXISTS replies (key TEXT PRIMARY KEY, content TEXT NOT NULL, "
                        + "finish_reason TEXT, prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL)");
            }
            select = connection.prepareStatement(
                    "SELECT content, finish_reason, prompt_tokens, completion_tokens FROM replies WHERE key = ?");
            insert = connection.prepareStatement("INSERT OR IGNORE INTO replies VALUES (?, ?, ?, ?, ?)");
            count = connection.prepareStatement("SELECT COUNT(*) FROM replies");
        } catch (SQLException | IOException e) {
            throw new CacheException("cannot open the SQLite response cache " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<ProviderReply> get(String key) {
        try {
            select.setString(1, key);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next()
                        ? Optional.of(new ProviderReply(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new CacheException("SQLite cache " + file + " lookup failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void put(String key, ProviderReply reply) {
        try {
            insert.setString(1, key);
            insert.setString(2, reply.content());
            insert.setString(3, reply.finishReason());
            insert.setInt(4, reply.promptTokens());
            insert.setInt(5, reply.completionTokens());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new CacheException("SQLite cache " + file + " write failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized long size() {
        try (ResultSet rs = count.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new CacheException("SQLite cache " + file + " count failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new CacheException("cannot close the SQLite cache " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "SqliteResponseCache[" + file + "]";
    }
}
