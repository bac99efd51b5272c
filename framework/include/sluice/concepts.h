// The shapes of the callables the DSL accepts, as C++20 concepts, so that a
// wrong lambda is rejected at the user's call with the concept's name in the
// compiler's message.
#ifndef SLUICE_CONCEPTS_H_
#define SLUICE_CONCEPTS_H_

#include <concepts>
#include <ranges>
#include <type_traits>
#include <utility>

namespace sluice {

template <typename T>
struct IsPair : std::false_type {};
template <typename A, typename B>
struct IsPair<std::pair<A, B>> : std::true_type {};

// bool f(const K&, const V&): filter, filter_not, branch.
template <typename F, typename K, typename V>
concept KeyValuePredicate =
    std::copy_constructible<F> && std::predicate<F&, const K&, const V&>;

// void f(const K&, const V&) (any result is ignored): peek, foreach.
template <typename F, typename K, typename V>
concept KeyValueAction =
    std::copy_constructible<F> && std::invocable<F&, const K&, const V&>;

// V2 f(const V&), or V2 f(const K&, const V&): map_values.
template <typename F, typename K, typename V>
concept ValueMapper = std::copy_constructible<F> &&
    (std::invocable<F&, const V&> || std::invocable<F&, const K&, const V&>);

// K2 f(const K&, const V&): select_key.
template <typename F, typename K, typename V>
concept KeySelector =
    std::copy_constructible<F> && std::invocable<F&, const K&, const V&> &&
    !std::is_void_v<std::invoke_result_t<F&, const K&, const V&>>;

// std::pair<K2,V2> f(const K&, const V&): map.
template <typename F, typename K, typename V>
concept KeyValueMapper =
    std::copy_constructible<F> && std::invocable<F&, const K&, const V&> &&
    IsPair<std::remove_cvref_t<std::invoke_result_t<F&, const K&, const V&>>>::
        value;

// A range of std::pair<K2,V2> f(const K&, const V&): flat_map.
template <typename F, typename K, typename V>
concept FlatKeyValueMapper =
    std::copy_constructible<F> && std::invocable<F&, const K&, const V&> &&
    std::ranges::input_range<std::invoke_result_t<F&, const K&, const V&>> &&
    IsPair<std::remove_cvref_t<std::ranges::range_value_t<
        std::invoke_result_t<F&, const K&, const V&>>>>::value;

namespace detail {
template <typename F, typename K, typename V>
auto invoke_value_mapper(F& f, const K& key, V&& value) {
  if constexpr (std::invocable<F&, const std::remove_cvref_t<V>&>) {
    return f(std::forward<V>(value));
  } else {
    return f(key, std::forward<V>(value));
  }
}
template <typename F, typename K, typename V>
using ValueMapperResult = std::remove_cvref_t<decltype(invoke_value_mapper(
    std::declval<F&>(), std::declval<const K&>(), std::declval<const V&>()))>;
}  // namespace detail

// A range of V2 from f(const V&) or f(const K&, const V&): flat_map_values.
template <typename F, typename K, typename V>
concept FlatValueMapper = ValueMapper<F, K, V> &&
    std::ranges::input_range<detail::ValueMapperResult<F, K, V>>;

}  // namespace sluice

#endif  // SLUICE_CONCEPTS_H_
