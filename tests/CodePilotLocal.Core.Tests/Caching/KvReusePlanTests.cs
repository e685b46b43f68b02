using CodePilotLocal.Core.Caching;

namespace CodePilotLocal.Core.Tests.Caching;

public sealed class KvReusePlanTests
{
    private static int[] Tokens(string text) => text.Select(c => (int)c).ToArray();

    [Fact]
    public void Typing_at_the_end_reuses_everything_before_it()
    {
        var plan = KvReusePlan.Create(Tokens("class A { int x"), Tokens("class A { int xy"), minimumChunk: 0);

        Assert.Equal(15, plan.CommonPrefix);
        Assert.Equal([new PromptRange(15, 1)], plan.ToEvaluate);
        Assert.True(plan.IsPrefixOnly);
    }

    [Fact]
    public void The_last_prompt_token_is_always_evaluated_again()
    {
        var plan = KvReusePlan.Create(Tokens("same prompt"), Tokens("same prompt"), minimumChunk: 4);

        Assert.Equal(10, plan.ReusedTokens);
        Assert.Equal([new PromptRange(10, 1)], plan.ToEvaluate);
    }

    [Fact]
    public void Without_chunk_reuse_text_after_an_edit_is_evaluated_anew()
    {
        // P = prefix, S = suffix: typing "zz" at the cursor of a prefix-suffix-middle prompt.
        var plan = KvReusePlan.Create(Tokens("PPPPPPPPSSSSSSSSSSM"), Tokens("PPPPPPPPzzSSSSSSSSSSM"), minimumChunk: 0);

        Assert.Equal(8, plan.ReusedTokens);
        Assert.Equal([new PromptRange(8, 13)], plan.ToEvaluate);
    }

    [Fact]
    public void With_chunk_reuse_text_typed_in_the_middle_is_evaluated_and_the_suffix_moves_forward()
    {
        var plan = KvReusePlan.Create(Tokens("PPPPPPPPSSSSSSSSSSM"), Tokens("PPPPPPPPzzSSSSSSSSSSM"), minimumChunk: 4);

        Assert.Equal([new KvChunk(0, 0, 8), new KvChunk(8, 10, 10)], plan.Reused);
        Assert.Equal([new PromptRange(8, 2), new PromptRange(20, 1)], plan.ToEvaluate);
        Assert.False(plan.IsPrefixOnly);
        Assert.Equal(2, plan.TokensBeforeMovedChunks); // the suffix did not see "zz"; the final token saw everything
    }

    [Fact]
    public void Deleted_text_moves_the_following_chunk_back()
    {
        var plan = KvReusePlan.Create(Tokens("PPPPdeleteSSSSSSSSM"), Tokens("PPPPSSSSSSSSM"), minimumChunk: 4);

        Assert.Equal(new KvChunk(10, 4, 8), plan.Reused[1]);
        Assert.Equal(-6, plan.Reused[1].Shift);
        Assert.Equal([new PromptRange(12, 1)], plan.ToEvaluate);
    }

    [Fact]
    public void Chunks_shorter_than_the_minimum_are_evaluated()
    {
        var plan = KvReusePlan.Create(Tokens("PPPPabcM"), Tokens("PPPPxabcM"), minimumChunk: 4);

        Assert.Equal(4, plan.ReusedTokens);
        Assert.Equal([new PromptRange(4, 5)], plan.ToEvaluate);
    }

    [Fact]
    public void Every_prompt_token_is_either_reused_or_evaluated_exactly_once()
    {
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            var cached = Enumerable.Range(0, random.Next(0, 60)).Select(_ => random.Next(0, 5)).ToArray();
            var prompt = Enumerable.Range(0, random.Next(1, 60)).Select(_ => random.Next(0, 5)).ToArray();

            var plan = KvReusePlan.Create(cached, prompt, minimumChunk: random.Next(0, 4));

            var covered = new int[prompt.Length];
            foreach (var chunk in plan.Reused)
            {
                for (var i = 0; i < chunk.Length; i++)
                {
                    Assert.Equal(prompt[chunk.PromptPosition + i], cached[chunk.CachePosition + i]);
                    covered[chunk.PromptPosition + i]++;
                }
            }

            foreach (var range in plan.ToEvaluate)
            {
                for (var i = range.Start; i < range.Start + range.Length; i++)
                {
                    covered[i]++;
                }
            }

            Assert.All(covered, c => Assert.Equal(1, c));
            Assert.Equal(prompt.Length - 1, plan.ToEvaluate[^1].Start + plan.ToEvaluate[^1].Length - 1);
            Assert.True(plan.Reused.Zip(plan.Reused.Skip(1)).All(p => p.First.CachePosition + p.First.Length <= p.Second.CachePosition));
        }
    }
}
