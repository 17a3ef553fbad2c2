namespace TypedAmqp.Tests.Amqp10;

/// <summary>A theory that needs Qpid Proton for Python, skipped or failing exactly as <see cref="ProtonFactAttribute"/>.</summary>
public sealed class ProtonTheoryAttribute : TheoryAttribute
{
    public ProtonTheoryAttribute()
    {
        if (!ProtonFactAttribute.IsAvailable && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = $"Qpid Proton for Python is not installed for {ProtonFactAttribute.Python} (apt-get install -y python3-qpid-proton, or run eng/test-dependencies.sh); with CI=true this test fails instead.";
        }
    }
}
