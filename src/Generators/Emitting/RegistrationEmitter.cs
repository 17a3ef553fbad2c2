using System.Collections.Generic;
using System.Linq;
using TypedAmqp.Generators.Helpers;
using TypedAmqp.Generators.Model;

namespace TypedAmqp.Generators.Emitting;

/// <summary>Emits dependency-injection registration for TypedAmqp.Hosting, when the project references it.</summary>
internal static class RegistrationEmitter
{
    public const string HintName = "TypedAmqp.Generated.MessagingRegistration.g.cs";

    public static string Emit(EquatableArray<PublisherSpec> publishers, TopologySpec spec)
    {
        SourceWriter writer = GeneratedCode.Start("TypedAmqp.Generated");
        writer.Line("/// <summary>Registers this assembly's contracts with <c>services.AddTypedAmqp(...)</c>.</summary>");
        GeneratedCode.TypeAttributes(writer);
        writer.Open("internal static class MessagingRegistration");
        writer.Line("/// <summary>Declares this assembly's topology at start-up and makes every publisher contract injectable.</summary>");
        writer.Open("public static global::TypedAmqp.Hosting.TypedAmqpBuilder AddGeneratedContracts(this global::TypedAmqp.Hosting.TypedAmqpBuilder builder)");
        writer.Line("builder.AddTopology(global::TypedAmqp.Generated.MessagingTopology.Description);");
        foreach (PublisherSpec publisher in publishers)
        {
            ContractInfo contract = publisher.Exchange.Contract;
            writer.Line($"builder.AddPublisher<{contract.InterfaceFullName}>(static publisher => new {contract.Qualified(contract.PublisherClass)}(publisher));");
        }

        writer.Line("return builder;");
        writer.Close();
        Dictionary<string, string> names = ExtensionNames.For(spec.Consumers.Select(c => c.Queue.Contract));
        foreach (DispatcherSpec consumer in spec.Consumers)
        {
            ContractInfo contract = consumer.Queue.Contract;
            string dispatcher = contract.Qualified(contract.DispatcherClass);
            writer.Line();
            writer.Line($"/// <summary>Runs <see cref=\"{contract.InterfaceFullName}\"/> on queue {CSharpLiteral.String(consumer.Queue.Name)}, resolving a <typeparamref name=\"THandler\"/> from a new scope for each message.</summary>");
            writer.Line($"public static global::TypedAmqp.Hosting.TypedAmqpBuilder Add{names[contract.InterfaceFullName]}<[global::System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(global::System.Diagnostics.CodeAnalysis.DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this global::TypedAmqp.Hosting.TypedAmqpBuilder builder)");
            writer.Line($"    where THandler : class, {contract.InterfaceFullName} =>");
            writer.Line($"    builder.AddConsumer<{contract.InterfaceFullName}, THandler>(");
            writer.Line($"        {dispatcher}.QueueReference, {dispatcher}.Prefetch, {dispatcher}.Concurrency,");
            writer.Line($"        static (handler, logger, replies) => new {dispatcher}(handler, logger, replies).HandleAsync);");
        }

        writer.Close();
        return writer.ToString();
    }
}
