namespace CodePilotLocal.Core.Guidance;

/// <summary>
/// Knows the code around the cursor (for C#, Roslyn with the workspace bound): given the text generated
/// so far, the members that may follow when it ends in a member access whose receiver binds.
/// </summary>
public interface IMemberOracle
{
    /// <param name="generated">Generated text after the cursor (the healed word included), ending in '.'.</param>
    /// <returns>The accessible members, or null where nothing is guarded: no member access (a number, a
    /// string, a comment), or a receiver that does not bind (unknown or error type, dynamic).</returns>
    MemberSite? MembersAfter(string generated);
}
