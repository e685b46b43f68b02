using CodePilotLocal.Core.Usage;
using CodePilotLocal.TestSupport;
using CodePilotLocal.Usage;
using Microsoft.Data.Sqlite;

namespace CodePilotLocal.Server.Tests.Usage;

public sealed class UsageStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static SuggestionRecord Record(string id, DateTimeOffset at) => new(id, at, "vscode", "csharp", "model", "12345678", 123.5, true, 42);

    [Fact]
    public void A_record_and_its_events_read_back_as_written()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "usage.db");
        var record = Record("a", Now.AddMinutes(-5)).With(SuggestionEventKind.Shown, Now.AddMinutes(-4)).WithInserted(42, Now.AddMinutes(-3)).WithRetention(42, 21);

        using (var store = UsageStore.Open(path, Now))
        {
            store.Add(record with { ShownAt = null, AcceptedAt = null, AcceptedCharacters = 0, CheckedCharacters = 0, RetainedCharacters = 0 });
            store.Add(record with { Client = "a second add of the same id is ignored" });
            store.Update(record);
        }

        using var reopened = UsageStore.Open(path, Now);
        Assert.Equal(record, Assert.Single(reopened.Since(Now.AddDays(-1))));
        Assert.Null(reopened.Find("unknown"));
    }

    [Fact]
    public void Records_older_than_ninety_days_are_pruned_when_the_store_opens()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "usage.db");
        using (var store = UsageStore.Open(path, Now))
        {
            store.Add(Record("old", Now.AddDays(-91)));
            store.Add(Record("recent", Now.AddDays(-89)));
        }

        using var reopened = UsageStore.Open(path, Now);
        Assert.Equal(["recent"], reopened.Since(Now.AddYears(-1)).Select(r => r.Id));
    }

    [Fact]
    public void A_corrupt_file_is_moved_aside_and_the_store_starts_afresh()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "usage.db");
        File.WriteAllBytes(path, [.. "this is not a database, not even close; "u8, .. new byte[4096]]);

        using var store = UsageStore.Open(path, Now);
        store.Add(Record("a", Now));

        Assert.NotNull(store.RebuiltBecause);
        Assert.True(File.Exists(path + ".corrupt"));
        Assert.Single(store.Since(Now.AddDays(-1)));
    }

    [Fact]
    public void A_database_locked_by_another_process_fails_the_write_not_the_caller_s_process()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "usage.db");
        using var store = UsageStore.Open(path, Now);
        using var other = new SqliteConnection($"Data Source={path};Pooling=False");
        other.Open();
        using (var lockIt = other.CreateCommand())
        {
            lockIt.CommandText = "BEGIN EXCLUSIVE;";
            lockIt.ExecuteNonQuery();
        }

        // The writer of the server catches this, drops the event and reopens later (UsageRecorder).
        Assert.Throws<SqliteException>(() => store.Add(Record("a", Now)));
    }
}
