using System.Globalization;
using CodePilotLocal.Core.Context;
using CodePilotLocal.Indexing.Roslyn;
using Microsoft.Data.Sqlite;

namespace CodePilotLocal.Indexing.Store;

/// <summary>
/// The index on disk: one SQLite file (WAL journal). Each batch of files is written in one transaction,
/// so a process killed mid-write leaves the last complete batch, never half a file; a file that fails
/// its integrity check or has another schema is deleted and rebuilt, never served. The chunks' terms are
/// also held in memory (<see cref="Bm25Index"/>) for similar-code search.
/// </summary>
public sealed class IndexStore : IDisposable
{
    public const int SchemaVersion = 2;

    private readonly SqliteConnection _writer;
    private readonly SqliteConnection _reader;
    private readonly Lock _writeLock = new();
    private readonly Lock _readLock = new();
    private readonly Bm25Index _terms = new();

    private IndexStore(string path, SqliteConnection writer, SqliteConnection reader, string? rebuiltBecause)
    {
        DatabasePath = path;
        _writer = writer;
        _reader = reader;
        RebuiltBecause = rebuiltBecause;
    }

    public string DatabasePath { get; }

    /// <summary>Why an existing index file was thrown away on open; null when it was sound or new.</summary>
    public string? RebuiltBecause { get; }

    public static IndexStore Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string? problem = null;
        if (File.Exists(path))
        {
            problem = Check(path);
            if (problem is not null)
            {
                Delete(path);
            }
        }

        var writer = Connect(path, SqliteOpenMode.ReadWriteCreate);
        Execute(writer, """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, hash TEXT NOT NULL, language TEXT NOT NULL, lines INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS chunks (id INTEGER PRIMARY KEY, path TEXT NOT NULL, start_line INTEGER NOT NULL, end_line INTEGER NOT NULL, text TEXT NOT NULL, terms TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS chunks_by_path ON chunks (path);
            CREATE TABLE IF NOT EXISTS symbols (id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, container TEXT NOT NULL,
                signature TEXT NOT NULL, summary TEXT, path TEXT NOT NULL, start_line INTEGER NOT NULL, end_line INTEGER NOT NULL, outline TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS symbols_by_name ON symbols (name);
            CREATE INDEX IF NOT EXISTS symbols_by_path ON symbols (path);
            CREATE TABLE IF NOT EXISTS cochange (path TEXT NOT NULL, other TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (path, other));
            CREATE TABLE IF NOT EXISTS file_commits (path TEXT NOT NULL, sha TEXT NOT NULL, at INTEGER NOT NULL, message TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS file_commits_by_path ON file_commits (path, at DESC);
            """);
        Execute(writer, $"PRAGMA user_version = {SchemaVersion};");
        var store = new IndexStore(path, writer, Connect(path, SqliteOpenMode.ReadOnly), problem);
        foreach (var (id, file, terms) in Rows(store._reader, "SELECT id, path, terms FROM chunks", r => (r.GetInt64(0), r.GetString(1), r.GetString(2))))
        {
            store._terms.Add(id, file, terms.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }

        return store;
    }

    /// <summary>Path and content hash of every indexed file.</summary>
    public Dictionary<string, string> FileHashes() => Read(c => Rows(c, "SELECT path, hash FROM files", r => (r.GetString(0), r.GetString(1))).ToDictionary(x => x.Item1, x => x.Item2, StringComparer.Ordinal));

    /// <summary>Replaces what the index holds of these files, all or nothing.</summary>
    public void WriteFiles(IReadOnlyCollection<IndexedFile> files)
    {
        lock (_writeLock)
        {
            var added = new List<(long Id, string Path, string[] Terms)>();
            using var transaction = _writer.BeginTransaction();
            foreach (var file in files)
            {
                DeleteFile(file.Path, transaction);
                Execute(_writer, "INSERT INTO files (path, hash, language, lines) VALUES ($p, $h, $l, $n)", transaction, ("$p", file.Path), ("$h", file.Hash), ("$l", file.Language), ("$n", file.Lines));
                using var chunk = Command(_writer, "INSERT INTO chunks (path, start_line, end_line, text, terms) VALUES ($p, $s, $e, $t, $w) RETURNING id", transaction);
                foreach (var c in file.Chunks)
                {
                    var terms = CodeTerms.Terms(c.Text).ToArray();
                    Bind(chunk, ("$p", file.Path), ("$s", c.StartLine), ("$e", c.EndLine), ("$t", c.Text), ("$w", string.Join(' ', terms)));
                    added.Add(((long)chunk.ExecuteScalar()!, file.Path, terms));
                }

                using var symbol = Command(_writer, "INSERT INTO symbols (name, kind, container, signature, summary, path, start_line, end_line, outline) VALUES ($n, $k, $c, $s, $d, $p, $a, $b, $o)", transaction);
                foreach (var s in file.Symbols)
                {
                    Bind(symbol, ("$n", s.Name), ("$k", s.Kind), ("$c", s.Container), ("$s", s.Signature), ("$d", s.Summary), ("$p", s.Path), ("$a", s.StartLine), ("$b", s.EndLine), ("$o", s.Outline));
                    symbol.ExecuteNonQuery();
                }
            }

            transaction.Commit();
            foreach (var file in files)
            {
                _terms.RemovePath(file.Path);
            }

            added.ForEach(a => _terms.Add(a.Id, a.Path, a.Terms));
        }
    }

    public void RemoveFiles(IReadOnlyCollection<string> paths)
    {
        lock (_writeLock)
        {
            using var transaction = _writer.BeginTransaction();
            foreach (var path in paths)
            {
                DeleteFile(path, transaction);
            }

            transaction.Commit();
            foreach (var path in paths)
            {
                _terms.RemovePath(path);
            }
        }
    }

    /// <summary>Replaces the git history tables (co-change pairs, commits per file) and remembers the commit they were read at.</summary>
    public void WriteHistory(string head, IReadOnlyDictionary<(string, string), int> coChange, IReadOnlyCollection<FileCommit> commits)
    {
        lock (_writeLock)
        {
            using var transaction = _writer.BeginTransaction();
            Execute(_writer, "DELETE FROM cochange; DELETE FROM file_commits;", transaction);
            using var pair = Command(_writer, "INSERT INTO cochange (path, other, count) VALUES ($a, $b, $n)", transaction);
            foreach (var ((a, b), n) in coChange)
            {
                Bind(pair, ("$a", a), ("$b", b), ("$n", n));
                pair.ExecuteNonQuery();
            }

            using var commit = Command(_writer, "INSERT INTO file_commits (path, sha, at, message) VALUES ($p, $s, $t, $m)", transaction);
            foreach (var c in commits)
            {
                Bind(commit, ("$p", c.Path), ("$s", c.Sha), ("$t", c.When.ToUnixTimeSeconds()), ("$m", c.Message));
                commit.ExecuteNonQuery();
            }

            Execute(_writer, "INSERT OR REPLACE INTO meta (key, value) VALUES ('git_head', $h)", transaction, ("$h", head));
            transaction.Commit();
        }
    }

    public string? GitHead => Read(c => Rows(c, "SELECT value FROM meta WHERE key = 'git_head'", r => r.GetString(0)).FirstOrDefault());

    /// <summary>The chunks that share the most terms with the query (BM25), best first.</summary>
    public IReadOnlyList<ChunkHit> SearchChunks(IEnumerable<string> terms, int limit, string? excludePath = null)
    {
        var best = _terms.Search(terms, limit, excludePath);
        if (best.Count == 0)
        {
            return [];
        }

        var scores = best.ToDictionary(b => b.Chunk, b => b.Score);
        var ids = string.Join(',', best.Select(b => b.Chunk));
        return Read(c => Rows(c, $"SELECT id, path, start_line, end_line, text FROM chunks WHERE id IN ({ids})",
                r => new ChunkHit(r.GetString(1), r.GetInt32(2), r.GetInt32(3), r.GetString(4), scores[r.GetInt64(0)])))
            .OrderByDescending(h => h.Score)
            .ToList();
    }

    /// <summary>All chunks of one file, in order.</summary>
    public IReadOnlyList<ChunkHit> ChunksOf(string path) =>
        Read(c => Rows(c, "SELECT path, start_line, end_line, text FROM chunks WHERE path = $p ORDER BY start_line",
            r => new ChunkHit(r.GetString(0), r.GetInt32(1), r.GetInt32(2), r.GetString(3), 0), ("$p", path)));

    /// <summary>Types and members of that name, types first.</summary>
    public IReadOnlyList<DeclaredSymbol> FindSymbols(string name, int limit = 8) =>
        Read(c => Rows(c, """
            SELECT name, kind, container, signature, summary, path, start_line, end_line, outline FROM symbols WHERE name = $n
            ORDER BY CASE kind WHEN 'class' THEN 0 WHEN 'interface' THEN 0 WHEN 'struct' THEN 0 WHEN 'record' THEN 0 WHEN 'enum' THEN 0 ELSE 1 END LIMIT $l
            """, SymbolOf, ("$n", name), ("$l", limit)));

    /// <summary>Names declared in the index, with the files that declare them.</summary>
    public ILookup<string, string> DeclaredNames() =>
        Read(c => Rows(c, "SELECT DISTINCT name, path FROM symbols", r => (r.GetString(0), r.GetString(1)))).ToLookup(x => x.Item1, x => x.Item2, StringComparer.Ordinal);

    /// <summary>The files changed most often together with this one.</summary>
    public IReadOnlyList<(string Path, int Count)> CoChanged(string path, int limit) =>
        Read(c => Rows(c, "SELECT other, count FROM cochange WHERE path = $p ORDER BY count DESC, other LIMIT $l", r => (r.GetString(0), r.GetInt32(1)), ("$p", path), ("$l", limit)));

    public IReadOnlyList<FileCommit> RecentCommits(string path, int limit) =>
        Read(c => Rows(c, "SELECT path, sha, at, message FROM file_commits WHERE path = $p ORDER BY at DESC LIMIT $l",
            r => new FileCommit(r.GetString(0), r.GetString(1), DateTimeOffset.FromUnixTimeSeconds(r.GetInt64(2)), r.GetString(3)), ("$p", path), ("$l", limit)));

    public IndexCounts Counts() => Read(c => new IndexCounts(
        Scalar(c, "SELECT count(*) FROM files"), Scalar(c, "SELECT count(*) FROM chunks"), Scalar(c, "SELECT count(*) FROM symbols"),
        Scalar(c, "SELECT count(*) FROM cochange"), Scalar(c, "SELECT count(DISTINCT sha) FROM file_commits")));

    public void Dispose()
    {
        _reader.Dispose();
        _writer.Dispose();
        SqliteConnection.ClearPool(_writer);
    }

    /// <summary>Null when the file is a sound index of this schema; otherwise what is wrong with it.</summary>
    private static string? Check(string path)
    {
        try
        {
            using var connection = Connect(path, SqliteOpenMode.ReadWrite);
            var version = Scalar(connection, "PRAGMA user_version");
            if (version != SchemaVersion)
            {
                return $"schema {version}, not {SchemaVersion}";
            }

            var check = Rows(connection, "PRAGMA quick_check", r => r.GetString(0)).FirstOrDefault();
            return check == "ok" ? null : "integrity check failed: " + check;
        }
        catch (SqliteException e)
        {
            return "unreadable: " + e.Message;
        }
    }

    private static void Delete(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            File.Delete(file);
        }
    }

    private void DeleteFile(string path, SqliteTransaction transaction) => Execute(_writer, """
        DELETE FROM chunks WHERE path = $p;
        DELETE FROM symbols WHERE path = $p;
        DELETE FROM files WHERE path = $p;
        """, transaction, ("$p", path));

    private T Read<T>(Func<SqliteConnection, T> query)
    {
        lock (_readLock)
        {
            return query(_reader);
        }
    }

    private static SqliteConnection Connect(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static DeclaredSymbol SymbolOf(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5), r.GetInt32(6), r.GetInt32(7), r.GetString(8));

    private static SqliteCommand Command(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private static void Bind(SqliteCommand command, params (string Name, object? Value)[] parameters)
    {
        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null, params (string, object?)[] parameters)
    {
        using var command = Command(connection, sql, transaction);
        Bind(command, parameters);
        command.ExecuteNonQuery();
    }

    private static int Scalar(SqliteConnection connection, string sql)
    {
        using var command = Command(connection, sql);
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static List<T> Rows<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> map, params (string, object?)[] parameters)
    {
        using var command = Command(connection, sql);
        Bind(command, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }
}
