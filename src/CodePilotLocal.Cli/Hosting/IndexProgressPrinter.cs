using CodePilotLocal.Indexing;

namespace CodePilotLocal.Cli.Hosting;

/// <summary>Index progress on stderr, one line per stage and every tenth of the files, so that stdout stays the command's answer.</summary>
internal sealed class IndexProgressPrinter : IProgress<IndexProgress>
{
    private string? _stage;
    private int _lastTenth = -1;

    public void Report(IndexProgress value)
    {
        var tenth = value.Percent / 10;
        if (value.Stage == _stage && tenth == _lastTenth)
        {
            return;
        }

        _stage = value.Stage;
        _lastTenth = tenth;
        Console.Error.WriteLine(value.Total > 0 ? $"{value.Stage}: {value.Done}/{value.Total}" : value.Stage + "…");
    }
}
