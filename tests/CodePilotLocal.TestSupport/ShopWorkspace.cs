namespace CodePilotLocal.TestSupport;

/// <summary>
/// A small C# shop as a real git repository: Invoice and InvoicePrinter change together in three commits,
/// OrderService uses Invoice and has an uncommitted edit, and the folder holds what must never be read:
/// ignored build output, a .codepilotignore'd folder, a .env, a private key, a binary, a huge file, a
/// symlink leading outside, and a token committed in a settings file (redacted, never prompted).
/// </summary>
public sealed class ShopWorkspace : IDisposable
{
    public const string PlantedToken = "ghp_Zq8xW3vN7kLm2Pr5Ty9Ua4Sb6Dc1Ef0Gh3Jk";
    public const string EnvSecret = "sup3r-s3cret-env-value-91827";
    public const string OrderServicePath = "src/Orders/OrderService.cs";
    public const string InvoicePath = "src/Billing/Invoice.cs";
    public const string InvoicePrinterPath = "src/Billing/InvoicePrinter.cs";
    public const string Cursor = "$$";

    private readonly TempDirectory _outside = new();

    public ShopWorkspace()
    {
        Git.Commit("Start the shop",
            (".gitignore", "build/\n*.log\n"),
            (".codepilotignore", "private/\n"),
            (InvoicePath, Invoice(1)),
            (InvoicePrinterPath, Printer(1)),
            ("config/appsettings.json", $"{{\n  \"Logging\": {{ \"Level\": \"Information\" }},\n  \"GitHubToken\": \"{PlantedToken}\"\n}}\n"),
            ("README.md", "# Shop\nA tiny shop used by the tests.\n"));
        Git.Commit("Invoices get lines", (InvoicePath, Invoice(2)), (InvoicePrinterPath, Printer(2)));
        Git.Commit("Orders", (OrderServicePath, OrderService(committed: true)));
        Git.Commit("Invoice discounts", (InvoicePath, Invoice(3)), (InvoicePrinterPath, Printer(3)));

        // Uncommitted, and never to be read.
        var order = OrderService(committed: false);
        CursorOffset = order.IndexOf(Cursor, StringComparison.Ordinal);
        OrderServiceText = order.Replace(Cursor, "", StringComparison.Ordinal);
        Git.Write(OrderServicePath, OrderServiceText);
        Git.Write("build/Generated.cs", "namespace Build; public class GeneratedSecretThing { }\n");
        Git.Write("app.log", "log line\n");
        Git.Write("private/Notes.cs", "namespace Private; public class PrivateNotes { }\n");
        Git.Write(".env", $"API_KEY={EnvSecret}\n");
        Git.Write("certs/server.key", "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n");
        File.WriteAllBytes(Path.Combine(Root, "assets.bin"), [0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x01, 0x02]);
        File.WriteAllBytes(Path.Combine(Root, "latin1.txt"), [0x63, 0x61, 0x66, 0xE9, 0x0A]);
        Git.Write("data/huge.json", "[" + string.Join(",", Enumerable.Repeat("\"x\"", 400_000)) + "]\n");
        _outside.Write("Outside.cs", "namespace Outside; public class OutsideSecret { }\n");
        Directory.CreateSymbolicLink(Path.Combine(Root, "linked"), _outside.Path);
    }

    public GitWorkspace Git { get; } = new();

    public string Root => Git.Root;

    public string OutsideFolder => _outside.Path;

    /// <summary>OrderService.cs as it is on disk (uncommitted edit included), without the cursor marker.</summary>
    public string OrderServiceText { get; }

    /// <summary>Where the cursor marker was: right after "invoice." in OrderService.</summary>
    public int CursorOffset { get; }

    public (int Line, int Column) CursorPosition
    {
        get
        {
            var before = OrderServiceText[..CursorOffset];
            var line = before.Count(c => c == '\n');
            return (line, CursorOffset - (before.LastIndexOf('\n') + 1));
        }
    }

    public void Dispose()
    {
        Git.Dispose();
        _outside.Dispose();
    }

    private static string Invoice(int version) => $$"""
        namespace Shop.Billing;

        /// <summary>What a customer owes for one order.</summary>
        public sealed class Invoice
        {
            private readonly List<InvoiceLine> _lines = new();

            /// <summary>The sum of all lines, discounts applied.</summary>
            public decimal Total { get; private set; }

            /// <summary>Adds a line for a quantity of a product at a unit price.</summary>
            public void AddLine(string sku, int quantity, decimal unitPrice)
            {
                _lines.Add(new InvoiceLine(sku, quantity, unitPrice));
                Recalculate();
            }
        {{(version >= 2 ? "\n    public IReadOnlyList<InvoiceLine> Lines => _lines;\n" : "")}}{{(version >= 3 ? "\n    public void ApplyDiscount(decimal percent) => Total -= Total * percent / 100m;\n" : "")}}
            private void Recalculate() => Total = _lines.Sum(l => l.Quantity * l.UnitPrice);
        }

        public sealed record InvoiceLine(string Sku, int Quantity, decimal UnitPrice);
        """;

    private static string Printer(int version) => $$"""
        namespace Shop.Billing;

        public static class InvoicePrinter
        {
            public static string Print(Invoice invoice) => $"Total: {invoice.Total:C}"{{(version >= 2 ? " + \" lines\"" : "")}}{{(version >= 3 ? " + \" (discounted)\"" : "")}};
        }
        """;

    private static string OrderService(bool committed) => $$"""
        using Shop.Billing;

        namespace Shop.Orders;

        public sealed class OrderService
        {
            public Invoice Checkout(string sku, int quantity)
            {
                var invoice = new Invoice();
                {{(committed ? "return invoice;" : "invoice." + Cursor + "\n        return invoice;")}}
            }{{(committed ? "" : "\n\n    public int CountOrders() => 0;")}}
        }
        """;
}
