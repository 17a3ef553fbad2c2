using System.Collections.Generic;
using System.Linq;
using TypedAmqp.Generators.Helpers;
using TypedAmqp.Generators.Model;

namespace TypedAmqp.Generators.Emitting;

/// <summary>
/// Names the per-contract extension methods of the assembly-wide generated classes (AddBillingHandler,
/// CreateOrderEventsPublisher…). They share one class, so a name two contracts would share (the same interface name
/// in two namespaces) is qualified with the namespace instead: AddShop_Billing_BillingHandler.
/// </summary>
internal static class ExtensionNames
{
    public static Dictionary<string, string> For(IEnumerable<ContractInfo> contracts)
    {
        ContractInfo[] all = contracts.GroupBy(c => c.InterfaceFullName).Select(g => g.First()).ToArray();
        var names = new Dictionary<string, string>(System.StringComparer.Ordinal);
        var used = new UniqueNames();
        foreach (ContractInfo contract in all)
        {
            bool shared = all.Count(c => c.GeneratedBaseName == contract.GeneratedBaseName) > 1;
            string name = shared && contract.Namespace.Length > 0
                ? contract.Namespace.Replace("@", string.Empty).Replace('.', '_') + "_" + contract.GeneratedBaseName
                : contract.GeneratedBaseName;
            names[contract.InterfaceFullName] = used.Claim(name);
        }

        return names;
    }
}
