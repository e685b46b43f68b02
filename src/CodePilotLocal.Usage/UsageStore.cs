using System.Globalization;
using CodePilotLocal.Core;
using CodePilotLocal.Core.Usage;
using Microsoft.Data.Sqlite;

namespace CodePilotLocal.Usage;

/// <summary>
/// The suggestion records in a SQLite file (by default in the user cache, beside the indexes). Records older
/// than <see cref="KeepDays"/> are pruned when the store opens. A file that is not a usable database is
/// moved aside and started afresh; what it held is lost, nothing else is.
/// </summary>
public sealed class UsageStore : IDisposable
{
    public const int KeepDays = UsageSummary.MaxDays;

    private const int SchemaVersion = 1;

    private readonly SqliteConnection _connection;

    private UsageStore(string path, SqliteConnection connection, string? rebuiltBecause)
    {
        Path = path;
        _connection = connection;
        RebuiltBecause = rebuiltBecause;
    }

    /// <summary>$XDG_CACHE_HOME/codepilot/usage/usage.db or its equivalent.</summary>
    public static string DefaultPath => System.IO.Path.Combine(UserCache.Directory, "usage", "usage.db");

    public string Path { get; }

    /// <summary>Why the file found there was replaced by an empty store; null when it was used.</summary>
    public string? RebuiltBecause { get; }

    /// <exception cref="SqliteException">The file cannot be created or is locked by another process.</exception>
    /// <exception cref="IOException">The folder cannot be created.</exception>
    public static UsageStore Open(string path, DateTimeOffset now)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        string? rebuilt = null;
        SqliteConnection connection;
        try
        {
            connection = Connect(path);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 11 or 26) // SQLITE_CORRUPT, SQLITE_NOTADB
        {
            rebuilt = e.Message;
            SqliteConnection.ClearAllPools();
            File.Move(path, path + ".corrupt", overwrite: true);
            connection = Connect(path);
        }

        var store = new UsageStore(path, connection, rebuilt);
        store.Prune(now.AddDays(-KeepDays));
        return store;
    }

    private static SqliteConnection Connect(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 5 }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA busy_timeout = 2000; PRAGMA journal_mode = WAL;");
            var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version;"), CultureInfo.InvariantCulture);
            if (version != SchemaVersion)
            {
                Execute(connection, $"""
                    DROP TABLE IF EXISTS suggestions;
                    CREATE TABLE suggestions (
                        id TEXT PRIMARY KEY,
                        served_at INTEGER NOT NULL,
                        client TEXT NOT NULL,
                        language TEXT NOT NULL,
                        model TEXT NOT NULL,
                        settings_hash TEXT NOT NULL,
                        latency_ms REAL NOT NULL,
                        cache_hit INTEGER NOT NULL,
                        characters INTEGER NOT NULL,
                        shown_at INTEGER,
                        accepted_at INTEGER,
                        accepted_fully INTEGER NOT NULL DEFAULT 0,
                        partial_accepts INTEGER NOT NULL DEFAULT 0,
                        accepted_characters INTEGER NOT NULL DEFAULT 0,
                        dismissed_at INTEGER,
                        checked_characters INTEGER NOT NULL DEFAULT 0,
                        retained_characters INTEGER NOT NULL DEFAULT 0);
                    CREATE INDEX suggestions_served_at ON suggestions(served_at);
                    PRAGMA user_version = {SchemaVersion};
                    """);
            }

            Scalar(connection, "SELECT count(*) FROM suggestions;"); // reads the table: a damaged file fails here, not at the first event
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public void Add(SuggestionRecord record) => Execute(_connection, """
        INSERT OR IGNORE INTO suggestions (id, served_at, client, language, model, settings_hash, latency_ms, cache_hit, characters)
        VALUES ($id, $served, $client, $language, $model, $settings, $latency, $cache, $characters);
        """,
        ("$id", record.Id), ("$served", record.ServedAt.ToUnixTimeMilliseconds()), ("$client", record.Client), ("$language", record.Language),
        ("$model", record.Model), ("$settings", record.SettingsHash), ("$latency", record.LatencyMs), ("$cache", record.CacheHit ? 1 : 0),
        ("$characters", record.Characters));

    /// <summary>The record of a suggestion; null for an id this store never saw (or pruned).</summary>
    public SuggestionRecord? Find(string id) => Read("WHERE id = $id", ("$id", id)).FirstOrDefault();

    /// <summary>Writes back what events changed (the served fields never change).</summary>
    public void Update(SuggestionRecord record) => Execute(_connection, """
        UPDATE suggestions SET shown_at = $shown, accepted_at = $accepted, accepted_fully = $fully, partial_accepts = $partial,
            accepted_characters = $characters, dismissed_at = $dismissed, checked_characters = $checked, retained_characters = $retained
        WHERE id = $id;
        """,
        ("$id", record.Id), ("$shown", record.ShownAt?.ToUnixTimeMilliseconds()), ("$accepted", record.AcceptedAt?.ToUnixTimeMilliseconds()),
        ("$fully", record.AcceptedFully ? 1 : 0), ("$partial", record.PartialAccepts), ("$characters", record.AcceptedCharacters),
        ("$dismissed", record.DismissedAt?.ToUnixTimeMilliseconds()), ("$checked", record.CheckedCharacters), ("$retained", record.RetainedCharacters));

    /// <summary>Every record served at or after <paramref name="since"/>, oldest first.</summary>
    public IReadOnlyList<SuggestionRecord> Since(DateTimeOffset since) =>
        Read("WHERE served_at >= $since ORDER BY served_at", ("$since", since.ToUnixTimeMilliseconds()));

    public int Prune(DateTimeOffset olderThan)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "DELETE FROM suggestions WHERE served_at < $before;";
        command.Parameters.AddWithValue("$before", olderThan.ToUnixTimeMilliseconds());
        return command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();

    private List<SuggestionRecord> Read(string where, params (string Name, object? Value)[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"""
            SELECT id, served_at, client, language, model, settings_hash, latency_ms, cache_hit, characters,
                shown_at, accepted_at, accepted_fully, partial_accepts, accepted_characters, dismissed_at, checked_characters, retained_characters
            FROM suggestions {where};
            """;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        using var reader = command.ExecuteReader();
        var records = new List<SuggestionRecord>();
        while (reader.Read())
        {
            records.Add(new SuggestionRecord(
                reader.GetString(0), Time(reader, 1)!.Value, reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                reader.GetDouble(6), reader.GetInt64(7) != 0, reader.GetInt32(8),
                Time(reader, 9), Time(reader, 10), reader.GetInt64(11) != 0, reader.GetInt32(12), reader.GetInt32(13), Time(reader, 14),
                reader.GetInt32(15), reader.GetInt32(16)));
        }

        return records;
    }

    private static DateTimeOffset? Time(SqliteDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(column));

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
    }
}
