using CodePilotLocal.Core.Privacy;

namespace CodePilotLocal.Core.Tests.Privacy;

public sealed class SecretFilesTests
{
    [Theory]
    [InlineData(".env", true)]
    [InlineData("deploy/.env.production", true)]
    [InlineData("certs/server.pem", true)]
    [InlineData("keys/id_ed25519", true)]
    [InlineData("signing.pfx", true)]
    [InlineData("src/Environment.cs", false)]
    [InlineData("src/KeyboardHandler.cs", false)]
    [InlineData("docs/id_card.md", false)]
    public void Knows_secret_files_by_name(string path, bool secret) => Assert.Equal(secret, SecretFiles.IsSecret(path));
}
