namespace CodePilotLocal.Core.Context;

/// <summary>Counts tokens the way the model will (its own tokenizer), so that a budget means what it says.</summary>
public interface ITokenCounter
{
    int Count(string text);
}
