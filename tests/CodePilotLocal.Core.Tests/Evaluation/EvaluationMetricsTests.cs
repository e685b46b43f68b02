using CodePilotLocal.Core.Evaluation;

namespace CodePilotLocal.Core.Tests.Evaluation;

public sealed class EvaluationMetricsTests
{
    [Theory]
    [InlineData("invoice.AddLine(sku, 1, price);", "invoice.AddLine(sku, 1, price);", 1.0)]
    [InlineData("abcd", "abcf", 0.75)]
    [InlineData("abc", "", 0.0)]
    [InlineData("", "", 1.0)]
    public void Edit_similarity_is_one_minus_normalized_distance(string expected, string actual, double similarity) =>
        Assert.Equal(similarity, EditSimilarity.Of(expected, actual), 6);

    [Fact]
    public void Context_recall_counts_identifiers_from_elsewhere_that_the_prompt_shows()
    {
        var elsewhere = new HashSet<string> { "Invoice", "AddLine", "InvoiceLine" };

        Assert.Equal(0.5, ContextRecall.Of("invoice.AddLine(new InvoiceLine(sku));", elsewhere.Contains, "class Invoice { void AddLine() }"));
        Assert.Null(ContextRecall.Of("var x = y + 1;", elsewhere.Contains, "anything"));
    }
}
