namespace CodePilotLocal.Core.Privacy;

/// <summary>Files that hold secrets by their nature (environment files, keys, certificates, credential stores): never indexed, never read into a prompt.</summary>
public static class SecretFiles
{
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".pem", ".key", ".p12", ".pfx", ".crt", ".cer", ".der", ".jks", ".keystore", ".p8", ".ppk", ".asc", ".gpg", ".kdbx", ".secrets",
    };

    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ".env", ".netrc", ".npmrc", ".pypirc", ".pgpass", ".git-credentials", ".htpasswd", "credentials", "credentials.json",
        "secrets.json", "secrets.yaml", "secrets.yml", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "known_hosts", "authorized_keys",
    };

    /// <summary>The file names and extensions treated as secrets, for `codepilot doctor`.</summary>
    public static IReadOnlyList<string> Patterns { get; } =
        [.. Names.Order(), ".env.*", "id_* (no extension)", .. Extensions.Order().Select(e => "*" + e)];

    /// <param name="path">A path relative to the workspace, with '/' or '\' separators.</param>
    public static bool IsSecret(string path)
    {
        var name = path[(path.LastIndexOfAny(['/', '\\']) + 1)..];
        return Names.Contains(name)
            || name.StartsWith(".env.", StringComparison.OrdinalIgnoreCase) // .env.local, .env.production
            || (name.StartsWith("id_", StringComparison.Ordinal) && !name.Contains('.', StringComparison.Ordinal))
            || Extensions.Contains(Path.GetExtension(name));
    }
}
