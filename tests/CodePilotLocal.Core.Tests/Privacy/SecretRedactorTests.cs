using CodePilotLocal.Core.Privacy;

namespace CodePilotLocal.Core.Tests.Privacy;

public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("var token = \"ghp_Zq8xW3vN7kLm2Pr5Ty9Ua4Sb6Dc1Ef0Gh3Jk\";", "ghp_Zq8xW3vN7kLm2Pr5Ty9Ua4Sb6Dc1Ef0Gh3Jk")]
    [InlineData("aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE")]
    [InlineData("client = OpenAI(api_key=\"sk-proj-AbCdEf0123456789GhIjKlMn\")", "sk-proj-AbCdEf0123456789GhIjKlMn")]
    [InlineData("SLACK=xoxb-1234567890-abcdefghij", "xoxb-1234567890-abcdefghij")]
    [InlineData("\"DbPassword\": \"x9Fk2LmQ8vZp\"", "x9Fk2LmQ8vZp")]
    [InlineData("const string ConnectionString = \"Server=db;User=sa;Password=Q7v!rT2#kLp9\";", "Q7v!rT2#kLp9")]
    [InlineData("export CLIENT_SECRET=a8F3kd92LmQx0Zp7", "a8F3kd92LmQx0Zp7")]
    public void Redacts_known_tokens_and_random_values_of_secret_names(string line, string secret)
    {
        var redacted = SecretRedactor.Redact(line);

        Assert.DoesNotContain(secret, redacted);
        Assert.Contains(SecretRedactor.Placeholder, redacted);
    }

    [Fact]
    public void Redacts_private_key_blocks_whole()
    {
        var text = "before\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1b2c3\nd4e5f6\n-----END RSA PRIVATE KEY-----\nafter";

        Assert.Equal("before\n<redacted>\nafter", SecretRedactor.Redact(text));
    }

    [Theory]
    [InlineData("var password = ReadPassword();")]
    [InlineData("var tokenizer = new Tokenizer(options);")]
    [InlineData("string apiKey = settings.ApiKey;")]
    [InlineData("if (token.Kind == SyntaxKind.IdentifierToken) return;")]
    [InlineData("password = \"changeme\"")]
    [InlineData("public string Password { get; set; }")]
    public void Leaves_ordinary_code_alone(string line) => Assert.Equal(line, SecretRedactor.Redact(line));
}
