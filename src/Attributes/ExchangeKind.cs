namespace TypedAmqp;

/// <summary>The routing behaviour of an exchange.</summary>
public enum ExchangeKind
{
    /// <summary>Routes on an exact routing-key match.</summary>
    Direct,
    /// <summary>Routes to every bound queue; routing keys are ignored.</summary>
    Fanout,
    /// <summary>Routes on dot-separated patterns with <c>*</c> (one word) and <c>#</c> (zero or more words).</summary>
    Topic,
    /// <summary>Routes on message headers.</summary>
    Headers,
    /// <summary>A plugin's exchange type, named by <see cref="ExchangeAttribute.CustomType"/> (such as x-delayed-message).</summary>
    Custom,
}
