namespace TypedAmqp;

/// <summary>What a queue does when it reaches its max length (the x-overflow argument).</summary>
public enum QueueOverflow
{
    /// <summary>The broker's default (drop-head).</summary>
    Default,
    /// <summary>Drop or dead-letter the oldest messages.</summary>
    DropHead,
    /// <summary>Refuse new messages (publishers see nacks).</summary>
    RejectPublish,
    /// <summary>Refuse new messages and dead-letter them.</summary>
    RejectPublishDeadLetter,
}
