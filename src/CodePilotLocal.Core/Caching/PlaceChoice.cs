namespace CodePilotLocal.Core.Caching;

/// <param name="Place">The place the prompt is evaluated in.</param>
/// <param name="CopyFrom">A place whose first <see cref="CopyLength"/> tokens the new place starts from; −1: none.</param>
/// <param name="CopyLength">Prompt tokens shared with <see cref="CopyFrom"/> (its common prefix with the prompt).</param>
/// <param name="Evict">Places to give up first (copy first, then evict: a shared prefix survives its source).</param>
/// <param name="Resumed">The prompt continues a kept place other than the most recently used one: a warm return.</param>
public sealed record PlaceChoice(int Place, int CopyFrom, int CopyLength, IReadOnlyList<int> Evict, bool Resumed);
