using System.Text;
using TypedAmqp.Buffers;

namespace TypedAmqp.Tests.Buffers;

/// <summary>The recently decoded strings: the same short ASCII text comes back as the same string, anything else decodes as it always did.</summary>
public sealed class RecentStringsTests
{
    [Fact]
    public void The_same_short_ASCII_text_decoded_again_is_the_same_string_and_other_text_is_a_new_one()
    {
        string first = RecentStrings.Get("x-routing-key"u8);
        string again = RecentStrings.Get(Encoding.UTF8.GetBytes("x-routing-key"));
        Assert.Equal("x-routing-key", first);
        Assert.Same(first, again);

        string other = RecentStrings.Get("x-exchange"u8);
        Assert.Equal("x-exchange", other);
        Assert.Same(other, RecentStrings.Get("x-exchange"u8));
        Assert.Same(first, RecentStrings.Get("x-routing-key"u8)); // unless both fall in one slot, the older one stays
        Assert.Same(string.Empty, RecentStrings.Get([]));
    }

    [Fact]
    public void Text_that_is_not_ASCII_or_is_long_decodes_exactly_and_is_not_handed_out_again()
    {
        byte[] accented = Encoding.UTF8.GetBytes("héllo");
        string decoded = RecentStrings.Get(accented);
        Assert.Equal("héllo", decoded);
        Assert.NotSame(decoded, RecentStrings.Get(accented));

        byte[] longText = Encoding.UTF8.GetBytes(new string('k', 200));
        Assert.Equal(new string('k', 200), RecentStrings.Get(longText));
        Assert.NotSame(RecentStrings.Get(longText), RecentStrings.Get(longText));

        // A different text of the same length in the same slot is never mistaken for the cached one.
        for (int i = 0; i < 1000; i++)
        {
            string text = $"key-{i:D4}";
            Assert.Equal(text, RecentStrings.Get(Encoding.ASCII.GetBytes(text)));
        }
    }

    [Fact]
    public void Decoding_the_same_text_again_allocates_nothing()
    {
        byte[] utf8 = "application/json"u8.ToArray();
        RecentStrings.Get(utf8);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) RecentStrings.Get(utf8);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
