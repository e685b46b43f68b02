using CodePilotLocal.Core.Completion;
using CodePilotLocal.Core.PostProcessing;

namespace CodePilotLocal.Core.Tests.PostProcessing;

public sealed class CompletionPipelineTests
{
    public static IEnumerable<object[]> Cases => GoldenCase.Load("pipeline");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Golden_case(string name)
    {
        var golden = GoldenCase.Read("pipeline", name);

        Assert.Equal(golden.Expected, CompletionPipeline.Default.Process(golden.Completion, golden.Context()));
    }

    [Fact]
    public void Control_characters_are_dropped_but_tabs_and_line_breaks_kept()
    {
        var context = new CompletionContext("    {\n        ", "\n    }\n", CompletionMode.MultiLine, "    ");

        Assert.Equal("a(\"x\");\n        b();", CompletionPipeline.Default.Process("a(\"\u0000x\u0007\");\n        b();\u001b", context));
        Assert.Equal("", CompletionPipeline.Default.Process("\u0000\u0001", context));
    }

    [Fact]
    public void Single_line_generation_is_settled_at_the_first_line_break()
    {
        var context = new CompletionContext("var x = ", ";", CompletionMode.SingleLine, "    ");

        Assert.False(CompletionPipeline.Default.IsSettled("Foo(a, b)", context));
        Assert.True(CompletionPipeline.Default.IsSettled("Foo(a, b)\n", context));
    }

    [Fact]
    public void Multi_line_generation_is_settled_once_a_line_leaves_the_block()
    {
        var context = new CompletionContext("    {\n        ", "\n    }\n", CompletionMode.MultiLine, "    ");

        Assert.False(CompletionPipeline.Default.IsSettled("a();\n        b();\n", context));
        Assert.False(CompletionPipeline.Default.IsSettled("a();\n        b();\n    ", context));
        Assert.True(CompletionPipeline.Default.IsSettled("a();\n        b();\n    }", context));
    }

    [Fact]
    public void Multi_line_generation_is_settled_when_it_repeats_the_code_after_the_cursor()
    {
        var context = new CompletionContext("        ", "\n        return sum;\n", CompletionMode.MultiLine, "    ");

        Assert.True(CompletionPipeline.Default.IsSettled("sum += x;\n        return sum;", context));
    }
}
