namespace tl::ui {}
