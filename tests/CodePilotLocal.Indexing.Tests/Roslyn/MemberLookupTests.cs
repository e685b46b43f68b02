using CodePilotLocal.Indexing.Roslyn;
using CodePilotLocal.TestSupport;

namespace CodePilotLocal.Indexing.Tests.Roslyn;

/// <summary>What the dereference guard allows after a dot, from real Roslyn on a multi-file workspace.</summary>
public sealed class MemberLookupTests : IDisposable
{
    private const string Cursor = "║";
    private readonly GitWorkspace _git = new();
    private readonly TempDirectory _cache = new();

    public MemberLookupTests()
    {
        _git.Commit("Shapes",
            ("src/Shape.cs", """
                namespace Geo;

                public enum Color { Red, Green }

                public partial class Shape
                {
                    public double Area { get; set; }
                    public void Scale(double factor) { }
                    public void Scale(double x, double y) { }
                    public T Convert<T>() => default!;
                    private int _secret;
                    protected int Guarded;
                    internal int Inside;
                    public static Shape Unit => new();
                    public static Shape Create(double area) => new() { Area = area };
                    public class Builder { }
                }
                """),
            ("src/Shape.Names.cs", """
                namespace Geo;

                public partial class Shape
                {
                    public string Name { get; set; } = "";
                }

                public static class ShapeExtensions
                {
                    public static double Doubled(this Shape shape) => shape.Area * 2;
                }
                """),
            ("src/Circle.cs", """
                namespace Geo;

                public class Circle : Shape
                {
                    public double Radius;
                    public Shape? Parent;
                }
                """));
    }

    private async Task<IReadOnlyList<string>?> MembersAtAsync(string code)
    {
        using var index = WorkspaceIndex.Open(_git.Root, databasePath: _cache.File("index.db"));
        await index.UpdateAsync();
        var text = "namespace Geo;\nusing System.Linq;\n\npublic class Canvas : Circle\n{\n    public object Draw(Shape shape, Circle circle, dynamic loose, Unknown missing, System.Collections.Generic.List<Shape> shapes)\n    {\n        "
            + code + "\n        return null!;\n    }\n}\n";
        var offset = text.IndexOf(Cursor, StringComparison.Ordinal);
        text = text.Remove(offset, Cursor.Length);
        return MemberLookup.AfterDot(index.CSharp.ModelAt("src/Canvas.cs", text, offset), offset)?.Names;
    }

    [Fact]
    public async Task A_value_offers_its_instance_members_from_every_partial_file_and_its_extension_methods()
    {
        var names = await MembersAtAsync("var a = shape.║");

        Assert.NotNull(names);
        Assert.Superset(new HashSet<string> { "Area", "Scale", "Convert", "Name", "Doubled", "Inside", "ToString" }, names.ToHashSet());
        Assert.Single(names, n => n == "Scale"); // overloads once
        Assert.DoesNotContain("_secret", names); // private elsewhere
        Assert.DoesNotContain("Guarded", names); // protected, through a Shape that is not a Canvas
        Assert.DoesNotContain("Create", names); // static
        Assert.DoesNotContain("Builder", names); // a nested type
    }

    [Fact]
    public async Task A_type_name_offers_its_static_members_and_nested_types()
    {
        var names = await MembersAtAsync("var a = Shape.║");

        Assert.Equal(["Builder", "Create", "Equals", "ReferenceEquals", "Unit"], names);
    }

    [Fact]
    public async Task Enum_members_namespaces_and_base_members_are_offered()
    {
        Assert.Equal(["Green", "Red"], (await MembersAtAsync("var c = Color.║"))!.Where(n => n is "Green" or "Red"));
        Assert.Contains("Collections", (await MembersAtAsync("var x = System.║"))!);
        Assert.Contains("Guarded", (await MembersAtAsync("var g = base.║"))!);
        Assert.Contains("Radius", (await MembersAtAsync("var r = this.║"))!);
    }

    [Fact]
    public async Task A_literal_is_a_receiver_too()
    {
        Assert.Contains("CompareTo", (await MembersAtAsync("var d = 1.║"))!);
    }

    [Fact]
    public async Task Conditional_access_generics_and_lambda_parameters_bind()
    {
        Assert.Contains("Area", (await MembersAtAsync("var p = circle.Parent?.║"))!);
        Assert.Contains("Count", (await MembersAtAsync("var n = shapes.║"))!);
        Assert.Contains("Where", (await MembersAtAsync("var n = shapes.║"))!); // System.Linq, in scope
        Assert.Contains("Area", (await MembersAtAsync("var n = shapes.Select(s => s.║"))!);
    }

    [Theory]
    [InlineData("var a = loose.║")] // dynamic
    [InlineData("var a = missing.║")] // a type that does not exist
    [InlineData("var a = nothing.║")] // a name that does not exist
    [InlineData("var s = \"shape.║\";")] // in a string
    [InlineData("// shape.║")] // in a comment
    [InlineData("var d = 1.║5;")] // inside a number
    [InlineData("var r = shapes[0..║];")] // a range
    public async Task Nothing_is_guarded_where_the_dot_is_no_member_access_or_the_receiver_does_not_bind(string code)
    {
        Assert.Null(await MembersAtAsync(code));
    }

    public void Dispose()
    {
        _git.Dispose();
        _cache.Dispose();
    }
}
