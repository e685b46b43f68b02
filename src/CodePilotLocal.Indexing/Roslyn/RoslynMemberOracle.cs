using CodePilotLocal.Core.Guidance;

namespace CodePilotLocal.Indexing.Roslyn;

/// <summary>The dereference guard's knowledge of C#: the document with the generated text in place, bound by Roslyn.</summary>
/// <param name="before">The document before the cursor (less the healed text).</param>
/// <param name="after">The document after the cursor.</param>
public sealed class RoslynMemberOracle(CSharpSemantics semantics, string path, string before, string after) : IMemberOracle
{
    public MemberSite? MembersAfter(string generated)
    {
        if (!(generated.Length > 0 ? generated : before).EndsWith('.'))
        {
            return null;
        }

        var offset = before.Length + generated.Length;
        try
        {
            return MemberLookup.AfterDot(semantics.ModelAt(path, before + generated + after, offset), offset);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null; // Roslyn failing on odd code only means no guard here
        }
    }
}
