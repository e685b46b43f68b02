using CodePilotLocal.Core.Context;

namespace CodePilotLocal.Core.Tests.Context;

public sealed class CodeTermsTests
{
    [Fact]
    public void Splits_identifiers_into_searchable_words()
    {
        var terms = CodeTerms.Terms("var user = repo.GetUserName(HTTPRequest, max_retries);").ToList();

        Assert.Equal(["user", "repo", "getusername", "user", "name", "httprequest", "http", "request", "max_retries", "max", "retries"], terms);
    }

    [Fact]
    public void Chunks_overlap_by_half_and_skip_blank_ones()
    {
        var text = string.Join('\n', Enumerable.Range(1, 10).Select(i => i <= 4 ? "" : "line" + i)) + "\n";

        var chunks = TextChunker.Chunk(text, 4);

        Assert.Equal([(3, 6), (5, 8), (7, 10)], chunks.Select(c => (c.StartLine, c.EndLine)));
        Assert.Equal("line5\nline6\nline7\nline8", chunks[1].Text);
    }
}
