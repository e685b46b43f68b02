using CodePilotLocal.Core.Guidance;

namespace CodePilotLocal.Core.Tests.Guidance;

public sealed class TokenHealingTests
{
    [Theory]
    [InlineData("Consol", "Consol")]
    [InlineData("    var x = items.Cou", "Cou")]
    [InlineData("int n = 12", "12")]
    [InlineData("x =", "=")]
    [InlineData("if (a &&", "&&")]
    [InlineData("x => y >>>=", ">>=")]
    [InlineData("items.", "")]
    [InlineData("call(", "")]
    [InlineData("var x ", "")]
    [InlineData("", "")]
    [InlineData("var café", "café")]
    public void Backs_off_the_word_or_operator_being_typed(string prefix, string healed)
    {
        Assert.Equal(healed, TokenHealing.Pick(prefix));
    }

    [Fact]
    public void Leaves_very_long_words_alone()
    {
        Assert.Equal("", TokenHealing.Pick("x = " + new string('a', TokenHealing.MaxHealedChars + 1)));
        Assert.Equal(new string('a', TokenHealing.MaxHealedChars), TokenHealing.Pick("x = " + new string('a', TokenHealing.MaxHealedChars)));
    }
}
