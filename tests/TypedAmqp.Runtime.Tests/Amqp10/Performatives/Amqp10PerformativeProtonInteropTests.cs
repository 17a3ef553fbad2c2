using static TypedAmqp.Tests.Amqp10.Performatives.Amqp10PerformativeSamples;

namespace TypedAmqp.Tests.Amqp10.Performatives;

/// <summary>
/// Cross-checks the performatives against Qpid Proton: proton_interop.py builds every performative, SASL frame and
/// delivery state with all fields set, using Proton's own calls (and so its own encoding choices), and the samples
/// here build the same values with our structs. Proton decodes ours to the same values as its own, and we decode
/// Proton's to what we would have written.
/// </summary>
public sealed class Amqp10PerformativeProtonInteropTests
{
    private static string[] RunProton(string mode, string input) => ProtonInterop.Run(mode, input);

    /// <summary>Proton's samples: name, its encoding, and how it decodes that encoding.</summary>
    private static List<(string Name, byte[] Encoded, string Text)> ProtonSamples() =>
        [.. RunProton("performatives", "").Select(line => line.Split('\t')).Select(f => (f[0], Convert.FromHexString(f[1]), f[2]))];

    [ProtonFact]
    public void Proton_builds_every_sample_we_build()
    {
        Assert.Equal(Writers.Keys.Order(), ProtonSamples().Select(s => s.Name).Order());
    }

    [ProtonFact]
    public void Proton_decodes_every_performative_we_encode_to_the_values_it_encodes_itself()
    {
        List<(string Name, byte[] Encoded, string Text)> proton = ProtonSamples();
        string[] ours = RunProton("decode", string.Join("\n", proton.Select(s => Convert.ToHexString(Encode(Writers[s.Name])))) + "\n");
        Assert.Equal(proton.Count, ours.Length);
        for (int i = 0; i < proton.Count; i++)
        {
            Assert.True(proton[i].Text == ours[i], $"{proton[i].Name}: Proton built\n{proton[i].Text}\nbut decoded ours as\n{ours[i]}");
        }
    }

    [ProtonFact]
    public void We_decode_every_performative_Proton_encodes_to_what_we_would_have_written()
    {
        foreach ((string name, byte[] encoded, _) in ProtonSamples())
        {
            Assert.True(
                Convert.ToHexString(Encode(Writers[name])) == Convert.ToHexString(Reencode(name, encoded)),
                $"{name}: Proton's {Convert.ToHexString(encoded)} read and written again differs from our own encoding");
        }
    }
}
