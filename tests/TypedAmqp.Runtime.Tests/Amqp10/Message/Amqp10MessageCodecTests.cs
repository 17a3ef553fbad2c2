using TypedAmqp.Buffers;
using TypedAmqp.Amqp10;

namespace TypedAmqp.Tests.Amqp10.Message;

public sealed class Amqp10MessageCodecTests
{
    private static byte[] Encode(Amqp10Message message)
    {
        var buffer = new byte[64 * 1024];
        var writer = new Amqp10Writer(buffer);
        Amqp10MessageCodec.Write(ref writer, message);
        return buffer[..writer.Written];
    }

    [Fact]
    public void Every_section_and_property_reads_back_as_written()
    {
        var sent = new Amqp10Message
        {
            Header = new Amqp10Header { Durable = true, Priority = 9, Ttl = 1000, FirstAcquirer = false, DeliveryCount = 3 },
            MessageAnnotations = Amqp10Value.Map(Amqp10Value.Symbol("x-opt-key"), Amqp10Value.String("v")),
            Properties = new Amqp10Properties
            {
                MessageId = Amqp10Value.ULong(42),
                UserId = [1, 2],
                To = "to",
                Subject = "subject",
                ReplyTo = "reply",
                CorrelationId = Amqp10Value.Binary([9]),
                ContentType = "application/json",
                ContentEncoding = "gzip",
                AbsoluteExpiryTime = new Amqp10Timestamp(2),
                CreationTime = new Amqp10Timestamp(1),
                GroupId = "g",
                GroupSequence = 5,
                ReplyToGroupId = "rg",
            },
            ApplicationProperties = new Dictionary<string, Amqp10Value> { ["a"] = Amqp10Value.Int(1), ["b"] = Amqp10Value.String("two") },
            Data = new byte[] { 0xde, 0xad },
        };
        byte[] encoded = Encode(sent);
        Amqp10Message received = Amqp10MessageCodec.Read(encoded);
        Assert.Equal(Convert.ToHexString(encoded), Convert.ToHexString(Encode(received)));
        Assert.Equal(3u, received.Header!.DeliveryCount);
        Assert.Equal(Amqp10Value.ULong(42), received.Properties!.MessageId);
        Assert.Equal("application/json", received.Properties.ContentType);
        Assert.Equal(Amqp10Value.String("two"), received.ApplicationProperties!["b"]);
        Assert.Equal(new byte[] { 0xde, 0xad }, received.Data!.Value.ToArray());
    }

    [Fact]
    public void Sections_go_out_in_the_spec_s_order_with_unset_trailing_properties_left_out()
    {
        byte[] encoded = Encode(new Amqp10Message { Properties = new Amqp10Properties { To = "q" }, Data = new byte[] { 7 } });
        // properties: described 0x73, list [null, null, "q"]; then data: described 0x75, vbin8 [7].
        Assert.Equal("005373C006034040A10171" + "005375A00107", Convert.ToHexString(encoded));
    }

    [Fact]
    public void Several_data_sections_read_as_their_concatenation_between_delivery_annotations_and_footer()
    {
        // delivery annotations {}, data [1], data [2, 3], footer {}.
        byte[] encoded = Convert.FromHexString("005371C10100" + "005375A00101" + "005375A0020203" + "005378C10100");
        Amqp10Message message = Amqp10MessageCodec.Read(encoded);
        Assert.Equal(new byte[] { 1, 2, 3 }, message.Data!.Value.ToArray());
        Assert.Null(message.Value);
        Assert.Equal(Amqp10Value.Map(), message.DeliveryAnnotations);
        Assert.Equal(Amqp10Value.Map(), message.Footer);
    }

    [Fact]
    public void Delivery_annotations_sequence_sections_and_footer_go_out_in_the_spec_s_order()
    {
        byte[] encoded = Encode(new Amqp10Message
        {
            Footer = Amqp10Value.Map(Amqp10Value.Symbol("f"), Amqp10Value.UByte(1)),
            Sequence = [Amqp10Value.List(Amqp10Value.Int(1)), Amqp10Value.List()],
            DeliveryAnnotations = Amqp10Value.Map(Amqp10Value.Symbol("d"), Amqp10Value.Boolean(true)),
            Header = new Amqp10Header { Durable = true },
        });
        // header [true]; delivery annotations {d: true}; amqp-sequence [smallint 1]; amqp-sequence list0; footer {f: ubyte 1}.
        Assert.Equal(
            "005370C0020141" + "005371C10502A3016441" + "005376C003015401" + "00537645" + "005378C10602A301665001",
            Convert.ToHexString(encoded));
    }

    [Fact]
    public void A_sequence_section_that_holds_no_list_is_a_decode_error()
    {
        var error = Assert.Throws<Amqp10DecodeException>(() => Amqp10MessageCodec.Read(Convert.FromHexString("0053765401")));
        Assert.Contains("amqp-sequence section holds a list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_amqp_value_body_reads_back_as_its_value()
    {
        byte[] encoded = Encode(new Amqp10Message { Value = Amqp10Value.List(Amqp10Value.Int(1), Amqp10Value.String("x")) });
        Assert.Equal(Amqp10Value.List(Amqp10Value.Int(1), Amqp10Value.String("x")), Amqp10MessageCodec.Read(encoded).Value);
    }

    [Fact]
    public void A_message_needs_exactly_one_body()
    {
        Assert.Throws<ArgumentException>(() => Encode(new Amqp10Message()));
        Assert.Throws<ArgumentException>(() => Encode(new Amqp10Message { Data = new byte[1], Value = Amqp10Value.Null }));
        Assert.Throws<ArgumentException>(() => Encode(new Amqp10Message { Value = Amqp10Value.Null, Sequence = [Amqp10Value.List()] }));
        Assert.Throws<ArgumentException>(() => Encode(new Amqp10Message { Sequence = [] }));
        Assert.Throws<ArgumentException>(() => Encode(new Amqp10Message { Sequence = [Amqp10Value.Int(1)] }));
    }

    [Fact]
    public void A_message_id_of_another_type_than_ulong_uuid_binary_or_string_is_refused()
    {
        var message = new Amqp10Message { Properties = new Amqp10Properties { MessageId = Amqp10Value.Int(1) }, Data = new byte[1] };
        var error = Assert.Throws<ArgumentException>(() => Encode(message));
        Assert.Contains("ulong, uuid, binary or string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_described_value_that_is_no_section_is_a_decode_error()
    {
        var error = Assert.Throws<Amqp10DecodeException>(() => Amqp10MessageCodec.Read(Convert.FromHexString("005310C0010140")));
        Assert.Contains("0x10 is not a message section", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_larger_than_the_size_estimate_is_encoded_again_into_a_larger_buffer()
    {
        var properties = new Dictionary<string, Amqp10Value>();
        for (int i = 0; i < 2000; i++) properties[$"key-{i}"] = Amqp10Value.String(new string('v', 20));
        var message = new Amqp10Message { ApplicationProperties = properties, Data = new byte[10] };
        using Amqp10EncodedMessage encoded = Amqp10EncodedMessage.Encode(message, new SpareBuffers());
        Assert.True(encoded.Memory.Length > 2000 * 30);
        Assert.Equal(2000, Amqp10MessageCodec.Read(encoded.Memory.Span).ApplicationProperties!.Count);
    }

    [Fact]
    public void The_sections_few_messages_carry_read_back_as_set_and_unset_again()
    {
        var message = new Amqp10Message { DeliveryAnnotations = null, Footer = null, Sequence = null };
        Assert.Null(message.DeliveryAnnotations);
        Assert.Null(message.Footer);
        Assert.Null(message.Sequence);

        Amqp10Value map = Amqp10Value.Map(Amqp10Value.Symbol("x-k"), Amqp10Value.String("v"));
        Amqp10Value[] sequence = [Amqp10Value.List(Amqp10Value.Int(1))];
        message.DeliveryAnnotations = map;
        message.Footer = map;
        message.Sequence = sequence;
        Assert.Equal(map, message.DeliveryAnnotations);
        Assert.Equal(map, message.Footer);
        Assert.Same(sequence, message.Sequence);

        message.Footer = null;
        Assert.Null(message.Footer);
        Assert.Equal(map, message.DeliveryAnnotations);
    }
}
