using TypedAmqp.Messaging;

namespace TypedAmqp.Tests.Messaging;

/// <summary>Ids made without a system call must still be distinct, well-formed version-4 GUIDs.</summary>
public sealed class MessageIdsTests
{
    [Fact]
    public void Ids_are_version_4_with_the_standard_variant()
    {
        for (int i = 0; i < 1000; i++)
        {
            Guid id = MessageIds.Next();
            Assert.Equal(4, id.Version);
            Assert.Equal(0b10, id.Variant >> 2); // RFC 9562: the two top bits of the variant field are 10
        }
    }

    [Fact]
    public async Task Ids_do_not_repeat_across_threads()
    {
        const int PerThread = 50_000;
        Guid[][] batches = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            var ids = new Guid[PerThread];
            for (int i = 0; i < ids.Length; i++) ids[i] = MessageIds.Next();
            return ids;
        })));

        Assert.Equal(4 * PerThread, batches.SelectMany(ids => ids).Distinct().Count());
    }
}
