using CodePilotLocal.Core.Completion;

namespace CodePilotLocal.Core.PostProcessing;

/// <summary>Removes control characters other than line breaks and tabs: no source file wants them, and editors draw them badly (Neovim's virtual text stops at a NUL).</summary>
public sealed class DropControlCharacters : ICompletionFilter
{
    public string Apply(string completion, CompletionContext context) =>
        completion.Any(IsUnwanted) ? string.Concat(completion.Where(c => !IsUnwanted(c))) : completion;

    private static bool IsUnwanted(char c) => char.IsControl(c) && c is not '\n' and not '\r' and not '\t';
}
