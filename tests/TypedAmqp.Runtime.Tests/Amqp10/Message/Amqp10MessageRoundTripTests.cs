using CsCheck;
using TypedAmqp.Buffers;
using TypedAmqp.Amqp10;

namespace TypedAmqp.Tests.Amqp10.Message;

/// <summary>
/// Property tests of whole messages: every section, the delivery annotations, amqp-sequence bodies (one or more
/// sections) and footer included, reads back as written, and writing what was read gives the same bytes.
/// </summary>
public sealed class Amqp10MessageRoundTripTests
{
    private static readonly Gen<Amqp10Value> Annotations = Gen.Select(Amqp10Gen.SymbolText, Amqp10Gen.Value).Array[0, 4]
        .Select(pairs => Amqp10Value.Map(pairs.SelectMany(p => new[] { Amqp10Value.Symbol(p.Item1), p.Item2 }).ToArray()));

    private static readonly Gen<Amqp10Value?> MaybeAnnotations = Gen.Frequency((1, Gen.Const(default(Amqp10Value?))), (2, Annotations.Select(a => (Amqp10Value?)a)));

    private static readonly Gen<Amqp10Value> SequenceSection = Amqp10Gen.Value.Array[0, 5].Select(Amqp10Value.List);

    private static readonly Gen<Amqp10Message> Message = Gen.Select(
        MaybeAnnotations, MaybeAnnotations, MaybeAnnotations, Gen.Int[0, 2], SequenceSection.Array[1, 4], Amqp10Gen.Bytes, Amqp10Gen.Value,
        (delivery, messageAnnotations, footer, bodyKind, sequence, data, value) => new Amqp10Message
        {
            DeliveryAnnotations = delivery,
            MessageAnnotations = messageAnnotations,
            Footer = footer,
            Sequence = bodyKind == 0 ? sequence : null,
            Data = bodyKind == 1 ? (ReadOnlyMemory<byte>?)data : null,
            Value = bodyKind == 2 ? value : null,
        });

    private static byte[] Encode(Amqp10Message message)
    {
        using Amqp10EncodedMessage encoded = Amqp10EncodedMessage.Encode(message, new SpareBuffers());
        return encoded.Memory.ToArray();
    }

    [Fact]
    public void Messages_with_every_section_kind_read_back_as_written_and_re_encode_to_the_same_bytes()
    {
        Message.Sample(sent =>
        {
            byte[] bytes = Encode(sent);
            Amqp10Message received = Amqp10MessageCodec.Read(bytes);
            Assert.Equal(sent.DeliveryAnnotations?.ToString(), received.DeliveryAnnotations?.ToString());
            Assert.Equal(sent.MessageAnnotations?.ToString(), received.MessageAnnotations?.ToString());
            Assert.Equal(sent.Footer?.ToString(), received.Footer?.ToString());
            Assert.Equal(sent.Sequence?.Select(s => s.ToString()), received.Sequence?.Select(s => s.ToString()));
            Assert.Equal(sent.Data?.ToArray(), received.Data?.ToArray());
            Assert.Equal(sent.Value?.ToString(), received.Value?.ToString());
            Assert.Equal(bytes, Encode(received));
        }, iter: 400);
    }
}
