#pragma once

#include <QColor>
#include <QImage>

// What the picture tests look for in a rendered image.
namespace tl::uitest {

// How many pixels of `image` are `colour` (its RGB, alpha aside).
inline int pixelsOf(const QImage& image, const QColor& colour)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x)
            n += image.pixelColor(x, y).rgb() == colour.rgb();
    }
    return n;
}

} // namespace tl::uitest
